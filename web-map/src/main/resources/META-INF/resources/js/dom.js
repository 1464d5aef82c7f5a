// Builds popup cards from data with the DOM only: every value is text, never markup, so hostile
// text in a citizen's appeal shows as the characters it is.

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  return node;
}

/** A card with a title and a list of label/value rows; rows whose value is null or empty are left out. */
export function card(title, rows) {
  const root = element('div', 'card');
  root.append(element('h2', null, title));
  const list = element('dl');
  for (const [label, value] of rows) {
    if (value === null || value === undefined || value === '') {
      continue;
    }
    list.append(element('dt', null, label));
    const cell = element('dd');
    if (value instanceof Node) {
      cell.append(value);
    } else {
      cell.textContent = String(value);
    }
    list.append(cell);
  }
  root.append(list);
  return root;
}
