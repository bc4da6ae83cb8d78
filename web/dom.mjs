// A tiny element builder. Text always goes in as text nodes, never as HTML, so nothing a
// learner types can become markup.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset')
      for (const [k, v] of Object.entries(value)) {
        if (v !== undefined) el.dataset[k] = v;
      }
    else if (key === 'style') el.style.cssText = value;
    else if (key.startsWith('on')) {
      el.addEventListener(key.slice(2), value);
      el.listened = true; // fill() replaces such an element instead of patching it (its listener would be stale)
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children with new ones (nothing kept: for trees whose elements are held). */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * Makes an element's children the given ones. The new tree is built detached, then patched into
 * the old one: nodes of the same kind in the same place are kept and only their attributes and
 * text change. A keystroke then restyles the cells whose numbers changed instead of replacing
 * every element of the page, which is most of what a repaint costs. Elements that carry a
 * `draw(canvas)` (heat-map canvases) are drawn once they are in place, into the kept canvas.
 */
export function fill(el, ...children) {
  const next = document.createDocumentFragment();
  append(next, children);
  patchChildren(el, [...next.childNodes]);
  for (const canvas of el.querySelectorAll('canvas')) {
    if (!canvas.draw) continue;
    canvas.draw(canvas);
    canvas.draw = null;
  }
  // A disclosure the reader opened stays open and shows the new contents (a heat map's table).
  for (const details of el.querySelectorAll('details[open]')) details.fillOpen?.(details);
  return el;
}

function patchChildren(parent, wanted) {
  const had = [...parent.childNodes];
  wanted.forEach((node, i) => {
    const old = had[i];
    if (!old) parent.append(node);
    else if (old.nodeType === Node.TEXT_NODE && node.nodeType === Node.TEXT_NODE) {
      if (old.data !== node.data) old.data = node.data;
    } else if (
      old.nodeType === Node.ELEMENT_NODE &&
      node.nodeType === Node.ELEMENT_NODE &&
      old.tagName === node.tagName &&
      !old.listened &&
      !node.listened
    ) {
      // An unchanged subtree (the browser compares it natively) is left alone, unless it holds a
      // canvas: canvases compare equal whatever they show.
      if (node.tagName === 'CANVAS' || !old.isEqualNode(node) || node.querySelector('canvas')) patch(old, node);
    } else {
      parent.replaceChild(node, old);
    }
  });
  for (let i = wanted.length; i < had.length; ++i) had[i].remove();
}

function patch(old, node) {
  for (const { name } of [...old.attributes])
    if (!node.hasAttribute(name) && !(name === 'open' && old.tagName === 'DETAILS')) old.removeAttribute(name);
  for (const { name, value } of node.attributes) if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  // Properties an element carries besides its attributes (a heat map's reader and painter).
  for (const key of ['heat', 'draw', 'fillOpen']) if (key in node) old[key] = node[key];
  if (old.tagName !== 'CANVAS') patchChildren(old, [...node.childNodes]);
}
