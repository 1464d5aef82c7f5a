// Editing the layers departments define as data on the map, for the staff who may change them (land
// editors of the layer's region, administrators): signed in with HTTP Basic as on the staff pages, they
// add an object (a click for a point, vertices and "finish" for a line or polygon), move a point by
// dragging it, change its attributes in a form built from the schema, or delete it. Every change goes
// to the edit API, which checks it as it checks an import; its explanation is shown next to the form.

import { element } from './dom.js';
import { t } from './i18n.js';
import { featureKey, featureName, inLanguage } from './customlayers.js';
import { authorization, clearError, signIn, signOut } from './staff-session.js';

const $ = (selector) => document.querySelector(selector);

/** Sends an edit; resolves with the answer, rejects with {detail, issues} of the server's problem. */
async function send(method, path, feature) {
  const response = await fetch(path, {
    method,
    headers: { ...authorization(), 'Content-Type': 'application/json', Accept: 'application/json' },
    body: feature ? JSON.stringify(feature) : undefined,
  });
  if (response.ok) {
    return response.status === 204 ? null : response.json();
  }
  let problem = {};
  try {
    problem = await response.json();
  } catch (e) {
    // not a problem document: the status says enough
  }
  const error = new Error(problem.detail || problem.title || `HTTP ${response.status}`);
  error.issues = Array.isArray(problem.issues) ? problem.issues : [];
  throw error;
}

function featurePath(code, key) {
  const base = `/api/v1/layers/${encodeURIComponent(code)}/features`;
  return key === undefined ? base : `${base}/${encodeURIComponent(key)}`;
}

/** The value of an attribute as the edit API takes it: numbers as numbers, yes/no as booleans. */
function valueOf(attribute, field) {
  if (attribute.type === 'boolean') {
    return field.checked;
  }
  const text = field.value.trim();
  if (text === '') {
    return null;
  }
  if (attribute.type === 'integer' || attribute.type === 'number') {
    return Number.isFinite(Number(text)) ? Number(text) : text;
  }
  return text;
}

/** A form field for an attribute, holding {@code value}. */
function field(meta, attribute, value) {
  const label = element('label', attribute.type === 'boolean' ? 'check' : null);
  const text = `${inLanguage(attribute.label) || attribute.name}${attribute.required ? ' *' : ''}`;
  let control;
  if (attribute.type === 'enum') {
    control = element('select');
    const blank = element('option', null, '—');
    blank.value = '';
    control.append(blank, ...(attribute.values || []).map((v) => {
      const option = element('option', null, inLanguage(v.label) || v.value);
      option.value = v.value;
      return option;
    }));
    control.value = value === null || value === undefined ? '' : String(value);
  } else if (attribute.type === 'boolean') {
    control = element('input');
    control.type = 'checkbox';
    control.checked = value === true || value === 'true';
  } else {
    control = element('input');
    control.type = { integer: 'number', number: 'number', date: 'date' }[attribute.type] || 'text';
    if (attribute.type === 'integer') {
      control.step = '1';
    } else if (attribute.type === 'number') {
      control.step = 'any';
    }
    control.value = value === null || value === undefined ? '' : String(value);
  }
  control.name = attribute.name;
  control.required = attribute.required && attribute.type !== 'boolean';
  control.dataset.testid = `edit-field-${attribute.name}`;
  if (attribute.type === 'boolean') {
    label.append(control, element('span', null, text));
  } else {
    label.append(element('span', null, text), control);
  }
  return label;
}

/**
 * The editor. {@code takeClick(event)} is asked by the map's click handler while an object is drawn;
 * {@code cardActions(meta, feature, popup)} gives the card's edit buttons for a layer the user may change.
 */
export function layerEditor(map, ui, custom) {
  const section = $('[data-testid=layer-edit]');
  const openSignIn = $('[data-testid=edit-sign-in-open]');
  const signInForm = $('[data-testid=sign-in]');
  const tools = $('[data-testid=edit-tools]');
  const drawing = L.layerGroup().addTo(map);
  let changeable = new Set();
  let draw = null;

  function entry(code) {
    return custom.entries().find((e) => e.meta.code === code);
  }

  function stopDrawing() {
    draw = null;
    drawing.clearLayers();
    map.getContainer().classList.remove('edit-drawing');
  }

  function geometryOf(meta, points) {
    const coords = points.map((p) => [Number(p.lng.toFixed(7)), Number(p.lat.toFixed(7))]);
    if (meta.geometry_type === 'point') {
      return { type: 'Point', coordinates: coords[0] };
    }
    if (meta.geometry_type === 'line') {
      return { type: 'LineString', coordinates: coords };
    }
    return { type: 'Polygon', coordinates: [[...coords, coords[0]]] };
  }

  /** The attribute form of an object of {@code meta}; {@code submit(properties)} sends it. */
  function attributeForm(meta, properties, title, submit) {
    tools.replaceChildren();
    const form = element('form', 'edit-form');
    form.dataset.testid = 'edit-form';
    form.append(element('h3', null, title));
    for (const attribute of meta.attributes) {
      form.append(field(meta, attribute, properties[attribute.name]));
    }
    const message = element('div', 'message');
    message.setAttribute('role', 'alert');
    message.dataset.testid = 'edit-message';
    const row = element('div', 'row');
    const save = element('button', null, t('layers.ui.save'));
    save.type = 'submit';
    save.dataset.testid = 'edit-save';
    const cancel = element('button', 'secondary', t('report.cancel'));
    cancel.type = 'button';
    cancel.addEventListener('click', () => {
      stopDrawing();
      drawTools();
    });
    row.append(save, cancel);
    form.append(row, message);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const values = {};
      for (const attribute of meta.attributes) {
        const value = valueOf(attribute, form.elements.namedItem(attribute.name));
        if (value !== null) {
          values[attribute.name] = value;
        }
      }
      save.disabled = true;
      message.replaceChildren();
      try {
        await submit(values);
        stopDrawing();
        drawTools(t('layers.ui.saved'));
        custom.redraw(meta.code, true);
      } catch (error) {
        showProblem(message, error);
      } finally {
        save.disabled = false;
      }
    });
    tools.append(form);
    document.body.classList.add('panel-open');
    form.scrollIntoView({ block: 'nearest' });
  }

  function showProblem(box, error) {
    box.replaceChildren(element('p', null, `${t('layers.ui.refused')}: ${error.message}`));
    if (error.issues && error.issues.length > 0) {
      const list = element('ul');
      for (const issue of error.issues) {
        list.append(element('li', null, issue.message || issue.code));
      }
      box.append(list);
    }
  }

  /** Starts drawing a new object of layer {@code code}. */
  function startAdding(meta) {
    stopDrawing();
    draw = { meta, points: [] };
    map.getContainer().classList.add('edit-drawing');
    tools.replaceChildren();
    const hint = element('p', 'hint', t(meta.geometry_type === 'point' ? 'layers.ui.clickPoint' : 'layers.ui.clickVertices'));
    hint.dataset.testid = 'edit-hint';
    tools.append(hint);
    if (meta.geometry_type !== 'point') {
      const finish = element('button', null, t('layers.ui.finish'));
      finish.type = 'button';
      finish.dataset.testid = 'edit-finish';
      finish.addEventListener('click', () => {
        const enough = meta.geometry_type === 'line' ? 2 : 3;
        if (draw && draw.points.length >= enough) {
          askAttributes();
        } else {
          hint.textContent = t('layers.ui.moreVertices', { n: enough });
        }
      });
      tools.append(finish);
    }
    const cancel = element('button', 'secondary', t('report.cancel'));
    cancel.type = 'button';
    cancel.addEventListener('click', () => {
      stopDrawing();
      drawTools();
    });
    tools.append(cancel);
    // on a phone the sheet would cover the map to click
    document.body.classList.remove('panel-open');
  }

  function askAttributes() {
    const { meta } = draw;
    draw.asked = true;
    // read when sent: a point can still be moved by another click while the form is filled
    attributeForm(meta, {}, t('layers.ui.newObject', { layer: inLanguage(meta.title) }), (properties) =>
      send('POST', featurePath(meta.code), { type: 'Feature', geometry: geometryOf(meta, draw.points), properties }));
  }

  /** The buttons of the panel: one "add object" per layer the user may change. */
  function drawTools(message) {
    tools.replaceChildren();
    if (message) {
      const done = element('p', 'muted small', message);
      done.dataset.testid = 'edit-done';
      tools.append(done);
    }
    const mine = custom.entries().filter((e) => changeable.has(e.meta.code));
    if (mine.length === 0) {
      tools.append(element('p', 'muted small', t('layers.ui.nothingToEdit')));
    }
    for (const { meta } of mine) {
      const add = element('button', 'secondary', t('layers.ui.add', { layer: inLanguage(meta.title) || meta.code }));
      add.type = 'button';
      add.dataset.testid = `edit-add-${meta.code}`;
      add.addEventListener('click', () => startAdding(meta));
      tools.append(add);
    }
  }

  async function loadChangeable() {
    const response = await fetch('/api/v1/layer-definitions?changeable=true', { headers: authorization() });
    if (!response.ok) {
      throw new Error(`/api/v1/layer-definitions: HTTP ${response.status}`);
    }
    changeable = new Set((await response.json()).map((d) => d.code));
    drawTools();
  }

  /** Moves a point: a marker to drag, saved with the feature's attributes. */
  function startMoving(meta, feature, popup) {
    map.closePopup(popup);
    stopDrawing();
    const key = featureKey(meta, feature.properties);
    const marker = L.marker(feature.latlng, {
      draggable: true,
      keyboard: true,
      title: featureName(meta, feature.properties),
      icon: L.divIcon({ className: 'report-pin edit-pin', iconSize: [24, 24], iconAnchor: [12, 24] }),
    });
    drawing.addLayer(marker);
    marker.getElement().dataset.testid = 'edit-move-marker';
    tools.replaceChildren();
    tools.append(element('p', 'hint', t('layers.ui.dragPoint')));
    const message = element('div', 'message');
    message.setAttribute('role', 'alert');
    const save = element('button', null, t('layers.ui.save'));
    save.type = 'button';
    save.dataset.testid = 'edit-move-save';
    save.addEventListener('click', async () => {
      try {
        const properties = {};
        for (const attribute of meta.attributes) {
          const value = feature.properties[attribute.name];
          if (value !== null && value !== undefined) {
            properties[attribute.name] = value;
          }
        }
        await send('PUT', featurePath(meta.code, key),
          { type: 'Feature', geometry: geometryOf(meta, [marker.getLatLng()]), properties });
        stopDrawing();
        drawTools(t('layers.ui.saved'));
        custom.redraw(meta.code, true);
      } catch (error) {
        showProblem(message, error);
      }
    });
    const cancel = element('button', 'secondary', t('report.cancel'));
    cancel.type = 'button';
    cancel.addEventListener('click', () => {
      stopDrawing();
      drawTools();
    });
    const row = element('div', 'row');
    row.append(save, cancel);
    tools.append(row, message);
  }

  openSignIn.addEventListener('click', () => {
    signInForm.hidden = !signInForm.hidden;
    openSignIn.hidden = !signInForm.hidden;
  });
  signInForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const me = await signIn(signInForm, ['land_editor', 'admin'], 'layers.ui');
    if (me) {
      clearError();
      loadChangeable().catch((error) => ui.error(error));
    }
  });
  $('[data-testid=edit-sign-out]').addEventListener('click', () => {
    signOut();
    // the sign-in form stays folded behind its link
    signInForm.hidden = true;
    openSignIn.hidden = false;
    changeable = new Set();
    stopDrawing();
    tools.replaceChildren();
  });

  return {
    /** True when the click was the editor's: it placed a point or a vertex of a new object. */
    takeClick(event) {
      if (!draw) {
        return false;
      }
      if (draw.meta.geometry_type === 'point') {
        draw.points = [event.latlng];
        drawing.clearLayers();
        drawing.addLayer(L.circleMarker(event.latlng, { radius: 7, color: '#0b6e99', interactive: false }));
        if (!draw.asked) {
          askAttributes();
        }
      } else if (!draw.asked) {
        draw.points.push(event.latlng);
        drawing.clearLayers();
        const shape = draw.meta.geometry_type === 'line' ? L.polyline : L.polygon;
        drawing.addLayer(shape(draw.points, { color: '#0b6e99', interactive: false }));
      }
      return true;
    },

    /** The card's edit buttons for an object of a layer the user may change; null otherwise. */
    cardActions(meta, feature, popup) {
      const key = featureKey(meta, feature.properties);
      if (!changeable.has(meta.code) || !key) {
        return null;
      }
      const box = element('span', 'edit-actions');
      const edit = element('button', 'secondary', t('layers.ui.edit'));
      edit.type = 'button';
      edit.dataset.testid = 'edit-change';
      edit.addEventListener('click', () => {
        map.closePopup(popup);
        attributeForm(meta, feature.properties, featureName(meta, feature.properties), (properties) =>
          send('PUT', featurePath(meta.code, key), { type: 'Feature', geometry: feature.geometry, properties }));
      });
      // the whole geometry is needed to send the attributes again: the card has it once it is complete
      edit.disabled = !feature.geometry;
      box.append(edit);
      if (meta.geometry_type === 'point') {
        const move = element('button', 'secondary', t('layers.ui.move'));
        move.type = 'button';
        move.dataset.testid = 'edit-move';
        move.addEventListener('click', () => startMoving(meta, feature, popup));
        box.append(move);
      }
      const remove = element('button', 'secondary danger', t('layers.ui.delete'));
      remove.type = 'button';
      remove.dataset.testid = 'edit-delete';
      remove.addEventListener('click', async () => {
        if (!window.confirm(t('layers.ui.confirmDelete', { name: featureName(meta, feature.properties) }))) {
          return;
        }
        try {
          await send('DELETE', featurePath(meta.code, key));
          map.closePopup(popup);
          custom.redraw(meta.code, true);
          drawTools(t('layers.ui.deleted'));
        } catch (error) {
          ui.notice('edit', `${t('layers.ui.refused')}: ${error.message}`);
          setTimeout(() => ui.notice('edit', null), 8000);
        }
      });
      box.append(remove);
      return box;
    },

    /** The catalogue was read: the tools can name its layers. */
    layersLoaded() {
      section.hidden = custom.entries().length === 0;
    },

    refreshTexts() {
      if (!$('[data-testid=signed-in]').hidden && !draw) {
        drawTools();
      }
    },
  };
}
