// Land plots and engineering networks drawn from the server's vector tiles, and the plot card: facts,
// the nearest network of each kind, the public history of its status and the appeals about it.

import { card, element } from './dom.js';
import { formatDate, formatDateTime, formatNumber, language, layerTitle, nameOf, t } from './i18n.js';
import { NETWORK_KINDS } from './filters.js';
import { vectorTileLayer } from './vectortiles.js';

const CODE = /^[a-z_]+$/;

/** Plot colours by status, as the legend shows them (the CSS variables of map.css). */
function statusColour(status) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(`--${status}`).trim();
  return value || '#555';
}

export function networkColour(kind) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(`--net-${kind}`).trim();
  return value || '#444';
}

export function plotCard(p) {
  const lang = language();
  const purpose = lang === 'kk'
    ? p.intended_purpose_kk || p.intended_purpose_ru
    : p.intended_purpose_ru || p.intended_purpose_kk;
  const place = [p[`region_name_${lang}`], p[`district_name_${lang}`]].filter(Boolean).join(', ');
  const area = p.area_declared_ha === null || p.area_declared_ha === undefined
    ? formatNumber(p.area_ha, { maximumFractionDigits: 4 })
    : t('plot.areaValue', {
      declared: formatNumber(p.area_declared_ha, { maximumFractionDigits: 4 }),
      computed: formatNumber(p.area_ha, { maximumFractionDigits: 4 }),
    });
  const root = card(t('plot.title'), [
    [t('plot.cadastralNumber'), p.cadastral_number || t('plot.notRegistered')],
    [t('plot.status'), nameOf('status', p.status)],
    [t('plot.area'), area],
    [t('plot.category'), nameOf('category', p.land_category)],
    [t('plot.purpose'), purpose],
    [t('plot.permittedUse'), p.permitted_use],
    [t('plot.rightType'), p.right_type ? nameOf('right', p.right_type) : null],
    [t('plot.divisible'), p.divisible === null || p.divisible === undefined ? null : t(p.divisible ? 'yes' : 'no')],
    [t('plot.address'), p.address],
    [t('plot.place'), place],
    [t('plot.revision'), p.revision === null || p.revision === undefined
      ? null
      : t('plot.revisionValue', {
        layer: p.layer ? layerTitle(p.layer, 'plots', p[`layer_title_${lang}`]) : '',
        revision: p.revision,
      })],
    [t('plot.auctionDate'), p.auction_date ? formatDate(p.auction_date) : null],
    [t('plot.startingPrice'), p.starting_price_kzt === null || p.starting_price_kzt === undefined
      ? null
      : formatNumber(p.starting_price_kzt, { style: 'currency', currency: 'KZT', maximumFractionDigits: 0 })],
  ]);
  if (p.renumbered_from) {
    // found by a number it no longer has: the plot under its number now, or without one
    const notice = element('p', 'card-notice', p.cadastral_number
      ? t('plot.renumbered', { from: p.renumbered_from, to: p.cadastral_number })
      : t('plot.renumberedNoNumber', { from: p.renumbered_from }));
    notice.dataset.testid = 'plot-renumbered';
    root.querySelector('h2').after(notice);
  }
  if (p.current === false) {
    // a link to a plot a revision took off the map: what it last was, and its history, stay public
    const notice = element('p', 'card-notice', t('plot.notOnMap'));
    notice.dataset.testid = 'plot-retired';
    root.querySelector('h2').after(notice);
  }
  return root;
}

/**
 * What an entry of the plot's history says happened: a status given or changed, the plot taken off the
 * public map by a revision, or brought back to it, or its cadastral number given, changed or withdrawn.
 */
function historyEvent(h) {
  if (h.event === 'renumbered') {
    if (!h.previous_cadastral_number) {
      return t('plot.historyRegistered', { to: h.cadastral_number });
    }
    if (!h.cadastral_number) {
      return t('plot.historyNumberDropped', { from: h.previous_cadastral_number });
    }
    return t('plot.historyRenumbered', { from: h.previous_cadastral_number, to: h.cadastral_number });
  }
  const to = nameOf('status', h.to_status);
  if (h.event === 'removed') {
    return t('plot.historyRemoved', { status: to });
  }
  if (h.event === 'restored') {
    return t('plot.historyRestored', { status: to });
  }
  return h.from_status ? `${nameOf('status', h.from_status)} → ${to}` : to;
}

/** The revision that made an entry, or the rollback that did and the revision it made public again. */
function historyRevision(h) {
  if (h.revision === null || h.revision === undefined) {
    return null;
  }
  if (h.by_rollback && h.rolled_back_revision !== null && h.rolled_back_revision !== undefined) {
    return t('plot.historyRollback', { rolledBack: h.rolled_back_revision, revision: h.revision });
  }
  return t('plot.historyRevision', { revision: h.revision });
}

/** The nearest network of each kind, as the card API gives it (an array or an object by kind). */
function nearestNetworks(p) {
  const raw = p.nearest_networks || p.networks || [];
  const list = Array.isArray(raw) ? raw : Object.entries(raw).map(([kind, v]) => ({ kind, ...v }));
  return list
    .filter((n) => n && NETWORK_KINDS.includes(n.kind))
    .sort((a, b) => NETWORK_KINDS.indexOf(a.kind) - NETWORK_KINDS.indexOf(b.kind));
}

/** The heading «Nearest networks» and the nearest network of each kind, or that there is none. */
function networksSection(networks) {
  const section = document.createDocumentFragment();
  section.append(element('h3', null, t('plot.networks')));
  if (networks.length === 0) {
    section.append(element('p', 'muted', t('plot.noNetworks')));
    return section;
  }
  const list = element('ul', 'networks');
  list.dataset.testid = 'plot-networks';
  for (const n of networks) {
    const item = element('li');
    item.dataset.kind = n.kind;
    const swatch = element('span', 'line-swatch');
    swatch.style.background = networkColour(n.kind);
    const distance = n.distance_m ?? n.distance;
    const text = t('plot.networkDistance', {
      kind: nameOf('networkKind', n.kind),
      distance: formatNumber(Math.round(distance)),
    });
    item.append(swatch, element('span', null, text));
    const details = [n.name, n.operator_name].filter(Boolean).join(', ');
    if (details) {
      item.append(element('span', 'muted', ` (${details})`));
    }
    list.append(item);
  }
  section.append(list);
  return section;
}

/** The whole card of a plot Feature from /api/v1/plots/…: facts, networks, history, appeals. */
export function fullPlotCard(feature) {
  const p = feature.properties;
  const root = plotCard(p);
  root.dataset.testid = 'plot-facts';

  // distances to networks are kept for the plots on the map: of one taken off it, none is said
  if (p.current !== false) {
    root.append(networksSection(nearestNetworks(p)));
  }

  const history = p.status_history || [];
  if (history.length > 0) {
    root.append(element('h3', null, t('plot.history')));
    const list = element('ol', 'history');
    list.dataset.testid = 'plot-history';
    for (const h of history) {
      const when = h.changed_at ? formatDateTime(h.changed_at) : '';
      const item = element('li');
      item.dataset.event = h.event || 'status';
      if (h.by_rollback) {
        item.dataset.rollback = 'true';
      }
      item.append(element('span', 'when', when), document.createTextNode(' '),
        element('span', null, historyEvent(h)));
      const revision = historyRevision(h);
      if (revision) {
        item.append(element('div', 'muted', revision));
      }
      if (h.reason) {
        item.append(element('div', 'muted', h.reason));
      }
      list.append(item);
    }
    root.append(list);
  }

  const appeals = p.appeals || [];
  root.append(element('h3', null, t('plot.appeals')));
  if (appeals.length === 0) {
    root.append(element('p', 'muted', t('plot.noAppeals')));
  } else {
    const list = element('ul', 'appeal-list');
    list.dataset.testid = 'plot-appeals';
    for (const a of appeals) {
      const item = element('li');
      item.append(element('strong', null, a.tracking_code), document.createTextNode(' '),
        element('span', null, `${nameOf('appealCategory', a.category)} · ${nameOf('appealStatus', a.status)}`));
      if (a.text) {
        item.append(element('div', 'text', a.text));
      }
      list.append(item);
    }
    root.append(list);
  }
  return root;
}

/** The plots layer from vector tiles; below zoom 14 the server sends cells with a count instead. */
export function plotTiles(params, ui) {
  return vectorTileLayer('plots', {
    params,
    onError: (error) => ui.error(error),
    style: (feature) => {
      if (feature.type === 1) {
        const count = Number(feature.properties.plots || feature.properties.count || 1);
        const radius = Math.min(18, 4 + Math.log2(count + 1) * 1.6);
        return {
          radius,
          fill: 'rgba(11, 110, 153, 0.55)',
          stroke: '#0b6e99',
          width: 1,
          label: radius >= 10 ? (count >= 1000 ? `${Math.round(count / 1000)}k` : String(count)) : null,
        };
      }
      const status = CODE.test(feature.properties.status) ? feature.properties.status : 'unknown';
      const colour = statusColour(status);
      return { fill: `${colour}a0`, stroke: colour, width: 1 };
    },
  });
}

/** Engineering networks from vector tiles, coloured by kind. */
export function networkTiles(ui) {
  return vectorTileLayer('networks', {
    onError: (error) => ui.error(error),
    style: (feature) => {
      const kind = CODE.test(feature.properties.kind) ? feature.properties.kind : 'unknown';
      const colour = networkColour(kind);
      return feature.type === 1
        ? { radius: 4, fill: colour, stroke: '#fff', width: 1 }
        : { stroke: colour, width: 2.5 };
    },
  });
}
