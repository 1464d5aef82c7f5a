// The plots or features a revision adds, changes and removes, under the report's counts: each count a
// button that opens its list. The lists are asked for once, when the first is opened
// (GET …/revisions/{n}/changes, which the audit log records), and drawn 200 entries at a time. Every
// value from the server is put on the page as text.

import { element } from './dom.js';
import { formatDate, formatNumber, language, nameOf, t } from './i18n.js';

const KINDS = ['added', 'changed', 'removed'];
/** How many entries of a list are drawn at first, and how many more each «show more» adds. */
export const SHOWN_AT_ONCE = 200;
const CADASTRAL_NUMBER = /^[0-9]{2}-[0-9]{3}-[0-9]{3}-[0-9]{3,}$/;

/**
 * The revision whose changes are shown: { key, box, counts, draft, load, fail, list, open, limit }. The
 * list is null until asked for, a promise while it comes, then the array the API answered.
 */
let shown = null;

/**
 * Shows in {@code box} the counts of the revision's changes, each a button that opens its list; drawn
 * again as it was (the lists open and how far they were shown) for the same revision, closed for
 * another. {@code load()} answers the changes; {@code fail(error, near)} says why they could not be had.
 *
 * @param draft whether the revision is an unpublished draft: the public cards are then those of the
 *     plots as the layer has them now, before the draft's numbers
 */
export function showChanges(box, { layer, revision, draft, counts, load, fail }) {
  const key = `${layer}/${revision}`;
  if (!shown || shown.key !== key) {
    shown = { key, list: null, open: new Set(), limit: {} };
  }
  Object.assign(shown, { box, counts, draft, load, fail });
  const total = counts ? KINDS.reduce((sum, kind) => sum + (counts[kind] || 0), 0) : 0;
  box.hidden = total === 0;
  box.replaceChildren(...(total === 0 ? [] : KINDS.filter((kind) => counts[kind] > 0).map(group)));
}

/** Forgets the revision shown (signing out). */
export function forgetChanges() {
  shown = null;
}

function group(kind) {
  const id = `changes-${kind}`;
  const open = shown.open.has(kind);
  const toggle = element('button', 'change-toggle', t(`editor.changes.${kind}`, {
    count: formatNumber(shown.counts[kind]),
  }));
  toggle.type = 'button';
  toggle.setAttribute('data-testid', `${id}-toggle`);
  toggle.setAttribute('aria-expanded', String(open));
  toggle.setAttribute('aria-controls', id);
  toggle.id = `${id}-toggle`;
  // a long list scrolls in its box, which the keyboard reaches under the name of its count
  const panel = element('div', 'change-list');
  panel.id = id;
  panel.setAttribute('data-testid', id);
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-labelledby', toggle.id);
  panel.tabIndex = 0;
  panel.hidden = !open;
  toggle.addEventListener('click', () => {
    const opened = !shown.open.has(kind);
    if (opened) {
      shown.open.add(kind);
    } else {
      shown.open.delete(kind);
    }
    toggle.setAttribute('aria-expanded', String(opened));
    panel.hidden = !opened;
    if (opened) {
      fill(kind, panel);
    }
  });
  if (open) {
    fill(kind, panel);
  }
  const wrap = element('div', 'change-group');
  wrap.dataset.change = kind;
  wrap.append(toggle, panel);
  return wrap;
}

/** Draws the list of {@code kind} in {@code panel}, asking for the changes first when they have not come. */
function fill(kind, panel) {
  const state = shown;
  if (Array.isArray(state.list)) {
    drawList(kind, panel);
    return;
  }
  panel.replaceChildren(element('p', 'hint', t('editor.changes.loading')));
  if (!state.list) {
    state.list = state.load().then(
      (list) => { state.list = list; },
      (e) => { state.list = null; throw e; },
    );
  }
  state.list.then(() => {
    // every list opened while they came, drawn now; the buttons, and the focus, stay where they are
    for (const open of state.open) {
      const box = state.box.querySelector(`#changes-${open}`);
      if (shown === state && box) {
        drawList(open, box);
      }
    }
  }, (e) => {
    if (shown === state) {
      panel.replaceChildren();
      state.fail(e, panel);
    }
  });
}

function drawList(kind, panel) {
  const entries = shown.list.filter((c) => c.change === kind);
  const limit = shown.limit[kind] || SHOWN_AT_ONCE;
  const list = element('ul', 'change-entries');
  list.append(...entries.slice(0, limit).map(entry));
  panel.replaceChildren(list);
  const left = entries.length - limit;
  if (left <= 0) {
    return;
  }
  const note = element('p', 'hint change-note', t('editor.changes.notShown', {
    shown: formatNumber(limit), total: formatNumber(entries.length),
  }));
  const more = element('button', 'link change-more', t('editor.changes.more', {
    count: formatNumber(Math.min(left, SHOWN_AT_ONCE)),
  }));
  more.type = 'button';
  more.setAttribute('data-testid', `changes-${kind}-more`);
  more.addEventListener('click', () => {
    shown.limit[kind] = limit + SHOWN_AT_ONCE;
    drawList(kind, panel);
    // the button is gone or moved down: the keyboard goes on from the first entry just shown
    const first = panel.querySelectorAll('li')[limit];
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  });
  panel.append(note, more);
}

/**
 * One plot or feature: its cadastral number (the {@code label} the server gives, else a shortened key
 * for one without a number), the number it had before, what changed, and a link to its public card.
 */
function entry(change) {
  const item = element('li');
  item.dataset.plot = change.plot;
  item.append(element('span', 'change-plot', change.feature ? featureText(change.feature) : nameFor(change.label, change.plot)));
  if (change.previousPlot) {
    item.append(' ', element('span', 'change-was', wasText(change.previousPlot)));
  }
  const what = whatChanged(change);
  if (what.length > 0) {
    const list = element('span', 'change-what');
    list.append(...what.map((line) => element('span', null, line)));
    item.append(list);
  }
  const number = cardNumber(change);
  if (number) {
    const card = element('a', 'change-card', t('editor.changes.card'));
    card.href = `./?plot=${encodeURIComponent(number)}`;
    card.target = '_blank';
    card.rel = 'noopener';
    card.setAttribute('aria-label', t('editor.changes.cardOf', { plot: number }));
    item.append(' ', card);
  }
  return item;
}

/** A key as a reader tells it: a cadastral number as it is, else its first characters. */
function nameFor(label, key) {
  if (typeof label === 'string' && label.trim() !== '') {
    return label;
  }
  if (CADASTRAL_NUMBER.test(key)) {
    return key;
  }
  return key.startsWith('geom:') ? t('editor.changes.withoutNumber', { key: shortKey(key) }) : shortKey(key);
}

/**
 * A network feature as a person finds it, in the page's language, from the parts the server gives:
 * «Газоснабжение «Газопровод новый» низкого давления Ø89 мм, объект 2 (Сети_точки.shp) версии 1».
 */
function featureText(f) {
  const parts = [nameOf('networkKind', f.kind),
    f.name == null ? t('editor.changes.noName') : `«${f.name}»`];
  if (f.voltageKv != null) {
    parts.push(t('editor.changes.voltage', { value: formatNumber(f.voltageKv) }));
  }
  if (f.pressureClass != null) {
    parts.push(t(`editor.changes.pressure.${f.pressureClass}`));
  }
  if (f.diameterMm != null) {
    parts.push(t('editor.changes.diameter', { value: formatNumber(f.diameterMm) }));
  }
  const text = parts.join(' ');
  if (f.fileRow == null) {
    return text;
  }
  let at = t(`editor.at.${f.rowUnit ?? 'feature'}`, { n: f.fileRow });
  if (f.rowLayer) {
    at = `${at} (${f.rowLayer})`;
  }
  if (f.revision != null) {
    at = t('editor.changes.ofRevision', { at, revision: f.revision });
  }
  return `${text}, ${at}`;
}

function shortKey(key) {
  const bare = key.replace(/^geom:/, '');
  return bare.length > 12 ? `${bare.slice(0, 10)}…` : bare;
}

/** «was 05-085-…» for a plot renumbered; «had no number» for one registered. */
function wasText(previous) {
  if (previous.startsWith('geom:')) {
    return t('editor.changes.wasWithoutNumber');
  }
  return t('editor.changes.was', { plot: CADASTRAL_NUMBER.test(previous) ? previous : shortKey(previous) });
}

/**
 * The number of the public card the entry leads to, or null: a draft's changed or removed plot is
 * public under the number it has now (before a renumbering); a published revision's under its own,
 * and a number it gave up still leads to its card. An added plot of a draft has none yet.
 */
function cardNumber(change) {
  if (shown.draft) {
    if (change.change === 'added') {
      return null;
    }
    const now = change.previousPlot ?? change.plot;
    return CADASTRAL_NUMBER.test(now) ? now : null;
  }
  return [change.plot, change.previousPlot].find((key) => key && CADASTRAL_NUMBER.test(key)) || null;
}

/** The public fields of a changed plot that differ, «Status: Free → Auction scheduled», when the server says. */
function whatChanged(change) {
  const before = change.before || {};
  const after = change.after || {};
  const lines = [];
  const line = (field, label, word) => {
    if (field in after || field in before) {
      lines.push(`${t(label)}: ${word(before[field])} → ${word(after[field])}`);
    }
  };
  line('status', 'plot.status', (v) => (v == null ? '—' : nameOf('status', v)));
  line('areaHa', 'plot.area', (v) => (v == null ? '—' : `${formatNumber(v)} ${t('unit.ha')}`));
  line('category', 'plot.category', (v) => (v == null ? '—' : nameOf('category', v)));
  // the purpose in the page's language where it differs there, else in the other one the file has
  const purposes = language() === 'kk' ? ['purposeKk', 'purposeRu'] : ['purposeRu', 'purposeKk'];
  const purpose = purposes.find((field) => field in after || field in before);
  if (purpose) {
    line(purpose, 'plot.purpose', (v) => (v == null ? '—' : v));
  }
  line('permittedUse', 'plot.permittedUse', (v) => (v == null ? '—' : v));
  line('rightType', 'plot.rightType', (v) => (v == null ? '—' : nameOf('right', v)));
  line('divisible', 'plot.divisible', (v) => (v == null ? '—' : t(v ? 'yes' : 'no')));
  line('address', 'plot.address', (v) => (v == null ? '—' : v));
  line('auctionDate', 'plot.auctionDate', (v) => (v == null ? '—' : formatDate(v)));
  line('startingPriceKzt', 'plot.startingPrice', (v) => (v == null
    ? '—'
    : formatNumber(v, { style: 'currency', currency: 'KZT', maximumFractionDigits: 0 })));
  if (change.geometryChanged) {
    lines.push(t('editor.changes.outline'));
  }
  return lines;
}
