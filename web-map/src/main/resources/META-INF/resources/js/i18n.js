// Texts of the map in Kazakh, Russian and English. The language can change at any time without
// reloading the page: modules register a listener and redraw their texts.

export const LANGUAGES = ['kk', 'ru', 'en'];
const LOCALES = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
const STORAGE_KEY = 'adalmap.lang';

let current = null;
let texts = {};
const loaded = new Map();
const listeners = [];

/** The language asked for in ?lang=, else the one chosen last time, else the browser's, else Kazakh. */
export function initialLanguage() {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (LANGUAGES.includes(asked)) {
    return asked;
  }
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(saved)) {
      return saved;
    }
  } catch (e) {
    // storage may be disabled (private mode); the choice is then not remembered
  }
  for (const preferred of navigator.languages || [navigator.language || '']) {
    const prefix = String(preferred).slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(prefix)) {
      return prefix;
    }
  }
  return 'kk';
}

async function load(lang) {
  if (!loaded.has(lang)) {
    const response = await fetch(`i18n/${lang}.json`);
    if (!response.ok) {
      throw new Error(`texts for ${lang}: HTTP ${response.status}`);
    }
    loaded.set(lang, await response.json());
  }
  return loaded.get(lang);
}

/** Loads the texts of {@code lang}, redraws every text on the page, then tells the listeners. */
export async function setLanguage(lang) {
  texts = await load(lang);
  current = lang;
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
    element.title = t(element.dataset.i18nLabel);
  }
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  }
  for (const listener of listeners) {
    listener(lang);
  }
  // set last: it tells readers (and tests) that the page is now in this language
  document.documentElement.lang = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch (e) {
    // not remembered; nothing else to do
  }
  const url = new URL(window.location.href);
  url.searchParams.set('lang', lang);
  window.history.replaceState(null, '', url);
}

export function onLanguageChange(listener) {
  listeners.push(listener);
}

export function language() {
  return current;
}

export function locale() {
  return LOCALES[current] || 'ru-RU';
}

/** The text for {@code key}, with {name} placeholders filled from {@code params}; the key itself when missing. */
export function t(key, params = {}) {
  let text = texts[key];
  if (isPlural(text)) {
    // a text whose words follow a number: «1 номер», «3 номера», «5 номеров»
    text = text[new Intl.PluralRules(locale()).select(countOf(params))] ?? text.other;
  }
  if (typeof text !== 'string') {
    const dot = key.indexOf('.');
    const dictionary = dot > 0 ? texts[key.slice(0, dot)] : undefined;
    text = dictionary && typeof dictionary === 'object' ? dictionary[key.slice(dot + 1)] : undefined;
  }
  if (typeof text !== 'string') {
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** A text in forms for each plural category of the language (one, few, many…), at least "other". */
function isPlural(text) {
  return text !== null && typeof text === 'object' && typeof text.other === 'string';
}

/** The number a plural text agrees with: the count (or n) given, as a number even when formatted. */
function countOf(params) {
  const value = params.count ?? params.n;
  return typeof value === 'number' ? value : Number(String(value ?? '').replace(/[^0-9]/g, '')) || 0;
}

/** The name of a code in one of the dictionaries (status, category, right, …); the code itself when unknown. */
export function nameOf(dictionary, code) {
  const names = texts[dictionary];
  return (names && typeof names === 'object' && names[code]) || code;
}

/**
 * What a person calls layer {@code code} of {@code kind} (plots, networks, custom): its {@code title} in the
 * page's language, or where it was given none (an import stores the code instead) the name of its kind with
 * the code after it, «Земельные участки (almaty-free-2026)» — never the bare code.
 */
export function layerTitle(code, kind, title) {
  if (title && title !== code) {
    return title;
  }
  return `${nameOf('layerKind', kind)} (${code})`;
}

/**
 * Whether the browser can write numbers and dates in the page's language. Some builds carry no
 * Kazakh data: asked for kk-KZ, they write 1,234.5 and «2026 M11 29». Kazakh then borrows the
 * conventions it shares with Russian (1 234,5) and writes dates as numbers (29.11.2026), which read
 * the same in both languages.
 */
const ownFormats = {};

function hasOwnFormats() {
  const tag = locale();
  if (!(tag in ownFormats)) {
    // asked, such a build says it has them; what it writes says otherwise
    ownFormats[tag] = language() === 'en' || new Intl.NumberFormat(tag).format(1.5) !== '1.5';
  }
  return ownFormats[tag];
}

export function formatNumber(value, options = {}) {
  return new Intl.NumberFormat(hasOwnFormats() ? locale() : 'ru-RU', options).format(value);
}

export function formatDate(value) {
  const date = new Date(value.length === 10 ? `${value}T00:00:00` : value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  return hasOwnFormats()
    ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(date)
    : new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

export function formatDateTime(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  return hasOwnFormats()
    ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date)
    : new Intl.DateTimeFormat('ru-RU', {
      day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
    }).format(date);
}
