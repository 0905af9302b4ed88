// The check step: a read-only copy of what will be sent, section by section, with a way back to each.
import { h } from './render.js';
import { formatDate } from './identifiers.js';

const LEAVES = '[data-kind]:not([data-kind="item"]):not([data-kind="array"])';

export function renderReview(view, onChange) {
  const out = [];
  for (const sec of view.el.querySelectorAll(':scope > section')) {
    if (sec.hidden) continue;
    const dl = h('dl', { class: 'review-list' });
    for (const w of sec.querySelectorAll(LEAVES)) {
      if (w.closest('[hidden]')) continue;
      const v = view.read(w);
      if (v === undefined) continue;
      dl.append(h('dt', { text: view.labelPath(w, true) }), h('dd', { text: display(view, w, v) }));
    }
    if (!dl.childElementCount) continue;
    const title = sec.querySelector('h2').textContent;
    const change = h('button', { type: 'button', class: 'button link', 'aria-label': `${view.s.change}: ${title}`, text: view.s.change });
    change.addEventListener('click', () => onChange(sec));
    out.push(h('section', { class: 'review-section', 'aria-label': title }, h('div', { class: 'review-head' }, h('h3', { text: title }), change), dl));
  }
  return out;
}

function display(view, w, v) {
  const p = w.dataset.ptr;
  switch (w.dataset.kind) {
    case 'boolean': case 'checkbox': return v ? view.s.yes : view.s.no;
    case 'radio': case 'select': return view.enumLabel(p, v);
    case 'checkboxes': return v.map(x => view.enumLabel(p + '/*', x)).join('; ');
    case 'date': return formatDate(v, view.lang);
    case 'municipality': { const m = view.munis.byCode.get(v); return m ? view.munis.name(m) : v; }
    default: return String(v);
  }
}
