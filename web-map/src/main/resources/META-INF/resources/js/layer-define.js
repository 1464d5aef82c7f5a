// Defining a department's layer in the browser instead of writing JSON: code, titles, geometry type,
// region, owner, attributes (reorderable, lists with their values), key attribute and style, sent to
// /api/v1/layer-definitions. The form keeps a model of the attributes and style and redraws them from it,
// so every input carries the path the server names in a refusal (attributes[1].values[0].value) and the
// server's explanation appears next to the field it is about. Every text is put on the page as text.

import { element } from './dom.js';
import { authorization, clearError, showError } from './staff-session.js';
import { language, onLanguageChange, t } from './i18n.js';

const $ = (selector) => document.querySelector(selector);
const TYPES = ['text', 'integer', 'number', 'boolean', 'date', 'opening_hours', 'enum'];
const LANGS = ['kk', 'ru', 'en'];

let changeable = []; // the definitions the signed-in user may change
let regions = []; // [{ kato_code, name_kk, ... }]
let agencies = []; // [{ code, name_kk, ... }]
let attributes = []; // the attribute schema being edited, in the API's shape
let colours = {}; // the colour of each value of the style's attribute
let editing = null; // the code of the layer being changed, null when defining a new one

const form = () => $('[data-testid=define-form]');
const nameIn = (o) => o[`name_${language()}`] || o.name_ru || o.code || o.kato_code;
const titleIn = (l) => l[`title${language()[0].toUpperCase()}${language()[1]}`] || l.code;

/** Calls the API; a refusal rejects with the server's problem (detail and the field it names). */
async function call(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...authorization(), ...(options.headers || {}) } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error((body && (body.detail || body.title)) || `HTTP ${response.status}`);
    error.parameter = body && body.parameter;
    throw error;
  }
  return body;
}

// ---------------------------------------------------------------------------------------------
// the lists to choose from

function option(value, text) {
  const o = element('option', null, text);
  o.value = value;
  return o;
}

function fillChoices() {
  const f = form();
  const keep = (select, options) => {
    const value = select.value;
    select.replaceChildren(...options);
    select.value = value;
  };
  keep(f.existing, [option('', t('editor.define.newLayer')), ...changeable.map((l) => option(l.code, `${titleIn(l)} (${l.code})`))]);
  keep(f.region, [option('', t('editor.define.noRegion')), ...regions.map((r) => option(r.kato_code, nameIn(r)))]);
  keep(f.ownerAgency, [option('', t('editor.define.noAgency')), ...agencies.map((a) => option(a.code, nameIn(a)))]);
}

/** Shows the section to the signed-in user and loads what its selects offer. */
export async function openDefining() {
  const [defined, regionCollection, agencyList] = await Promise.all([
    call('/api/v1/layer-definitions?changeable=true'), call('/api/v1/regions'), call('/api/v1/agencies'),
  ]);
  changeable = defined;
  regions = regionCollection.features.map((f) => f.properties);
  agencies = agencyList;
  fillChoices();
  $('[data-testid=define]').hidden = false;
}

export function closeDefining() {
  $('[data-testid=define]').hidden = true;
  changeable = [];
  clear();
}

// ---------------------------------------------------------------------------------------------
// the attributes

function input(path, value, attrs = {}) {
  const node = element('input');
  node.value = value || '';
  node.dataset.field = path;
  Object.assign(node, attrs);
  return node;
}

function labelled(key, control) {
  const label = element('label');
  label.append(element('span', null, t(key)), control);
  return label;
}

function button(key, onClick, className = 'secondary') {
  const b = element('button', className, t(key));
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** Redraws the attributes, the key attribute's and the style's choices from the model. */
function render() {
  const list = $('[data-testid=attribute-list]');
  list.replaceChildren(...attributes.map((a, i) => attributeItem(a, i)));
  renderKey();
  renderStyle();
}

function attributeItem(a, i) {
  const at = `attributes[${i}]`;
  const item = element('li', 'attribute');
  item.dataset.field = at;
  item.dataset.testid = 'attribute';
  const name = input(`${at}.name`, a.name, { autocapitalize: 'off', spellcheck: false, name: 'attributeName' });
  name.addEventListener('input', () => { a.name = name.value.trim(); renderKey(); renderStyle(); });
  const type = element('select');
  type.name = 'attributeType';
  type.dataset.field = `${at}.type`;
  type.append(...TYPES.map((v) => option(v, t(`editor.define.type.${v}`))));
  type.value = a.type;
  type.addEventListener('change', () => {
    a.type = type.value;
    if (a.type === 'enum') {
      a.values = a.values || [{ value: '', label_kk: '', label_ru: '', label_en: '' }];
    } else {
      delete a.values;
    }
    render();
  });
  const required = element('input');
  required.type = 'checkbox';
  required.name = 'attributeRequired';
  required.checked = !!a.required;
  required.dataset.field = `${at}.required`;
  required.addEventListener('change', () => { a.required = required.checked; renderKey(); });
  const requiredLabel = element('label', 'check');
  requiredLabel.append(required, element('span', null, t('editor.define.required')));

  const row = element('div', 'attribute-head');
  row.append(labelled('editor.define.attributeName', name), labelled('editor.define.attributeType', type), requiredLabel);
  const labels = element('div', 'attribute-labels');
  for (const lang of LANGS) {
    const label = input(`${at}.label_${lang}`, a[`label_${lang}`], { name: `attributeLabel_${lang}`, lang });
    label.addEventListener('input', () => { a[`label_${lang}`] = label.value; });
    labels.append(labelled(`editor.define.label_${lang}`, label));
  }
  const moves = element('div', 'attribute-moves');
  const up = button('editor.define.up', () => move(i, -1));
  up.disabled = i === 0;
  const down = button('editor.define.down', () => move(i, 1));
  down.disabled = i === attributes.length - 1;
  moves.append(up, down, button('editor.define.remove', () => { attributes.splice(i, 1); render(); }));
  item.append(row, labels);
  if (a.type === 'enum') {
    item.append(valuesOf(a, at));
  }
  item.append(moves);
  return item;
}

function valuesOf(a, at) {
  const box = element('fieldset', 'values');
  box.dataset.field = `${at}.values`;
  box.append(element('legend', null, t('editor.define.values')));
  a.values.forEach((v, j) => {
    const vat = `${at}.values[${j}]`;
    const row = element('div', 'value');
    row.dataset.field = vat;
    const value = input(`${vat}.value`, v.value, { name: 'valueCode', autocapitalize: 'off', spellcheck: false });
    value.addEventListener('input', () => { v.value = value.value.trim(); renderStyle(); });
    row.append(labelled('editor.define.value', value));
    for (const lang of LANGS) {
      const label = input(`${vat}.label_${lang}`, v[`label_${lang}`], { name: `valueLabel_${lang}`, lang });
      label.addEventListener('input', () => { v[`label_${lang}`] = label.value; renderStyle(); });
      row.append(labelled(`editor.define.label_${lang}`, label));
    }
    row.append(button('editor.define.remove', () => { a.values.splice(j, 1); render(); }));
    box.append(row);
  });
  box.append(button('editor.define.addValue', () => {
    a.values.push({ value: '', label_kk: '', label_ru: '', label_en: '' });
    render();
  }));
  return box;
}

function move(i, by) {
  const [a] = attributes.splice(i, 1);
  attributes.splice(i + by, 0, a);
  render();
}

function addAttribute() {
  attributes.push({ name: '', type: 'text', label_kk: '', label_ru: '', label_en: '', required: false });
  render();
  const names = document.querySelectorAll('[data-testid=attribute] [name=attributeName]');
  names[names.length - 1].focus();
}

/** The key attribute is one of the required ones: a feature without its key could not be told apart. */
function renderKey() {
  const select = form().keyAttribute;
  const value = select.value;
  select.replaceChildren(option('', t('editor.define.noKey')),
    ...attributes.filter((a) => a.required && a.name).map((a) => option(a.name, a.name)));
  select.value = [...select.options].some((o) => o.value === value) ? value : '';
}

// ---------------------------------------------------------------------------------------------
// the style

function renderStyle() {
  const f = form();
  const byValue = f.styleMode.value === 'by';
  f.querySelector('.style-one').hidden = byValue;
  f.querySelector('.style-by').hidden = !byValue;
  const by = f.by;
  const chosen = by.value;
  const lists = attributes.filter((a) => a.type === 'enum' && a.name);
  by.replaceChildren(...lists.map((a) => option(a.name, a.name)));
  if (lists.some((a) => a.name === chosen)) {
    by.value = chosen;
  }
  const attribute = lists.find((a) => a.name === by.value);
  const box = f.querySelector('.colours');
  box.replaceChildren(...(attribute ? attribute.values : []).filter((v) => v.value).map((v) => {
    const colour = element('input');
    colour.type = 'color';
    colour.value = colours[v.value] || '#2f6fdf';
    colours[v.value] = colour.value;
    colour.dataset.field = `style.colours.${v.value}`;
    colour.dataset.value = v.value;
    colour.addEventListener('input', () => { colours[v.value] = colour.value; });
    const label = element('label', 'colour');
    label.append(colour, element('span', null, v[`label_${language()}`] || v.value));
    return label;
  }));
}

function style() {
  const f = form();
  const result = {};
  if (f.styleMode.value === 'by') {
    result.by = f.by.value;
    result.colours = {};
    for (const colour of f.querySelectorAll('.colours input')) {
      result.colours[colour.dataset.value] = colour.value;
    }
    result.default = f.default.value;
  } else {
    result.colour = f.colour.value;
  }
  if (f.icon.value.trim()) {
    result.icon = f.icon.value.trim();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// loading, sending, refusals

function clear() {
  const f = form();
  f.reset();
  f.code.readOnly = false;
  editing = null;
  attributes = [];
  colours = {};
  render();
  clearProblems();
  $('[data-testid=define-result]').hidden = true;
}

/** Fills the form with an existing definition to change it. */
function load() {
  const f = form();
  const code = f.existing.value;
  const layer = changeable.find((l) => l.code === code);
  clear();
  if (!layer) {
    return;
  }
  f.existing.value = code;
  editing = code;
  f.code.value = layer.code;
  f.code.readOnly = true;
  for (const field of ['titleKk', 'titleRu', 'titleEn', 'descriptionKk', 'descriptionRu', 'descriptionEn', 'geometryType']) {
    f[field].value = layer[field] || '';
  }
  f.region.value = layer.region || '';
  f.ownerAgency.value = layer.ownerAgency || '';
  f.public.checked = layer.public;
  attributes = structuredClone(layer.attributes || []);
  const s = layer.style || {};
  f.icon.value = s.icon || '';
  if (s.by) {
    f.styleMode.value = 'by';
    colours = { ...(s.colours || {}) };
    f.default.value = s.default || '#7f8c8d';
  } else {
    f.colour.value = s.colour || '#2f6fdf';
  }
  render();
  f.by.value = s.by || f.by.value;
  renderStyle();
  f.keyAttribute.value = layer.keyAttribute || '';
}

function definition() {
  const f = form();
  const text = (name) => f[name].value.trim() || null;
  return {
    code: text('code'),
    titleKk: text('titleKk'), titleRu: text('titleRu'), titleEn: text('titleEn'),
    descriptionKk: text('descriptionKk'), descriptionRu: text('descriptionRu'), descriptionEn: text('descriptionEn'),
    geometryType: f.geometryType.value,
    region: f.region.value || null,
    ownerAgency: f.ownerAgency.value || null,
    public: f.public.checked,
    attributes,
    keyAttribute: f.keyAttribute.value || null,
    style: style(),
  };
}

function clearProblems() {
  for (const note of form().querySelectorAll('.field-error')) {
    note.remove();
  }
  for (const node of form().querySelectorAll('[aria-invalid]')) {
    node.removeAttribute('aria-invalid');
  }
}

/** The element the path names, else the nearest enclosing one (attributes[1].values[0] for ….value). */
function fieldOf(path) {
  let at = path;
  while (at) {
    const found = [...form().querySelectorAll('[data-field]')].find((n) => n.dataset.field === at);
    if (found) {
      return found;
    }
    const cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
    at = cut > 0 ? at.slice(0, cut) : '';
  }
  return null;
}

function showProblem(error) {
  const field = error.parameter ? fieldOf(error.parameter) : null;
  if (!field) {
    showError(error.message);
    return;
  }
  const note = element('p', 'field-error', error.message);
  note.dataset.testid = 'field-error';
  note.setAttribute('role', 'alert');
  const control = ['INPUT', 'SELECT', 'TEXTAREA'].includes(field.tagName) ? field : null;
  if (control) {
    control.setAttribute('aria-invalid', 'true');
    (control.closest('label') || control).after(note);
    control.focus();
  } else {
    field.prepend(note);
  }
  note.scrollIntoView({ block: 'center' });
}

async function save(event) {
  event.preventDefault();
  clearError();
  clearProblems();
  const f = form();
  const submit = f.querySelector('[data-testid=define-save]');
  submit.disabled = true;
  $('[data-testid=define-result]').hidden = true;
  try {
    const sent = definition();
    const saved = await call(editing ? `/api/v1/layer-definitions/${encodeURIComponent(editing)}` : '/api/v1/layer-definitions', {
      method: editing ? 'PUT' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(sent),
    });
    changeable = [...changeable.filter((l) => l.code !== saved.code), saved];
    fillChoices();
    f.existing.value = saved.code;
    editing = saved.code;
    f.code.readOnly = true;
    const result = $('[data-testid=define-result]');
    result.querySelector('.define-message').textContent = t('editor.define.saved', { code: saved.code, title: titleIn(saved) });
    result.dataset.code = saved.code;
    result.hidden = false;
    document.dispatchEvent(new CustomEvent('layer-defined', { detail: saved }));
  } catch (e) {
    showProblem(e);
  } finally {
    submit.disabled = false;
  }
}

function importInto(event) {
  event.preventDefault();
  document.dispatchEvent(new CustomEvent('import-into', { detail: $('[data-testid=define-result]').dataset.code }));
}

export function startDefining() {
  const f = form();
  f.addEventListener('submit', save);
  f.existing.addEventListener('change', load);
  for (const radio of f.styleMode) {
    radio.addEventListener('change', renderStyle);
  }
  f.by.addEventListener('change', renderStyle);
  $('[data-testid=add-attribute]').addEventListener('click', addAttribute);
  $('[data-testid=define-import]').addEventListener('click', importInto);
  onLanguageChange(() => {
    fillChoices();
    render();
  });
  render();
}
