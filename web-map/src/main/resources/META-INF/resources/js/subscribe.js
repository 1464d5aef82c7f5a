// "Tell me when a free plot appears here": the current view of the map and an e-mail address go to
// /api/v1/subscriptions; the address owner confirms by the link in the first message.

import { language, t } from './i18n.js';

export const SUBSCRIBE_MIN_ZOOM = 11;

function polygonOf(bounds) {
  const w = bounds.getWest();
  const s = bounds.getSouth();
  const e = bounds.getEast();
  const n = bounds.getNorth();
  const round = (v) => Number(v.toFixed(6));
  return {
    type: 'Polygon',
    coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]].map(([x, y]) => [round(x), round(y)])],
  };
}

export function subscribeDialog(map) {
  const dialog = document.querySelector('[data-testid=subscribe-dialog]');
  const form = dialog.querySelector('form');
  const message = dialog.querySelector('[data-testid=subscribe-message]');
  const open = document.querySelector('[data-testid=subscribe-open]');

  open.addEventListener('click', () => {
    message.textContent = '';
    if (map.getZoom() < SUBSCRIBE_MIN_ZOOM) {
      message.textContent = t('subscribe.zoomIn');
    }
    form.hidden = map.getZoom() < SUBSCRIBE_MIN_ZOOM;
    dialog.hidden = false;
    (form.hidden ? dialog.querySelector('.dialog-close') : form.elements.namedItem('email')).focus();
  });
  dialog.querySelector('.dialog-close').addEventListener('click', () => {
    dialog.hidden = true;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    const body = {
      area: polygonOf(map.getBounds()),
      email: form.elements.namedItem('email').value.trim(),
      language: language(),
      consent: form.elements.namedItem('consent').checked,
    };
    try {
      const response = await fetch('/api/v1/subscriptions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok) {
        form.reset();
        form.hidden = true;
        message.textContent = t('subscribe.checkMail');
        return;
      }
      let detail = `HTTP ${response.status}`;
      try {
        detail = (await response.json()).detail || detail;
      } catch (e) {
        // not a problem document
      }
      message.textContent = response.status === 429 ? t('subscribe.tooMany') : `${t('subscribe.refused')}: ${detail}`;
    } catch (error) {
      message.textContent = t('error.load');
    }
  });
}
