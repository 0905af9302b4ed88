// Builds the form from the merged schema and translations.json, reads it back into a document, shows or
// hides questions as answers change, and ties error messages to their fields.
import { HINTS, LAYOUT, matchesPattern } from './layout.js';
import { STRINGS, fill } from './strings.js';
import { parseDate, formatDate, findHetusInText } from './identifiers.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const idOf = ptr => 'f' + ptr.replace(/\//g, '-');
const template = ptr => ptr.replace(/\/\d+(?=\/|$)/g, '/*');
const LEAF_SELECTOR = '[data-kind]:not([data-kind="item"]):not([data-kind="array"])';

export function getPtr(doc, ptr) {
  return ptr.split('/').slice(1).reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), doc);
}

function setPtr(doc, ptr, value) {
  const parts = ptr.split('/').slice(1);
  let o = doc;
  parts.forEach((k, i) => {
    if (i === parts.length - 1) { o[k] = value; return; }
    if (o[k] === undefined) o[k] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    o = o[k];
  });
}

export class FormView {
  constructor({ form, lang, schema, translations, municipalities }) {
    this.form = form;
    this.lang = lang;
    this.schema = schema;
    this.tr = translations;
    this.munis = municipalities;
    this.s = STRINGS[lang];
    this.layout = LAYOUT[form];
    this.merged = schema.merged();
  }

  // ---- translations ----
  text(ptr, what) {
    const t = template(ptr);
    const entry = this.tr.forms[this.form]?.fields?.[t] || this.tr.fields[t];
    return entry?.[what]?.[this.lang] || entry?.[what]?.en || (what === 'label' ? ptr.split('/').pop() : '');
  }

  enumLabel(ptr, value) {
    const t = template(ptr);
    const entry = this.tr.forms[this.form]?.enums?.[t] || this.tr.enums[t];
    return entry?.[value]?.[this.lang] || entry?.[value]?.en || String(value);
  }

  errorText(error) {
    if (error.message?.[this.lang]) return error.message[this.lang];
    const w = this.wrapperFor(error.pointer);
    if (w?.dataset.kind === 'municipality' && ['pattern', 'format_fi_municipality'].includes(error.code)) return this.s.unknownMunicipality;
    if (error.code === 'no_municipality') return this.s.noMunicipality;
    return this.tr.errors[error.code]?.[this.lang] || this.s.errorGeneric;
  }

  // ---- building ----
  render() {
    this.el = h('form', { class: 'notice-form', novalidate: true, autocomplete: 'off', id: 'notice-form' });
    this.summarySlot = h('div', { class: 'summary-slot' });
    this.el.append(this.summarySlot);
    this.el.append(this.munis.datalist('municipality-list'));
    const props = this.merged.properties;
    const listed = new Set();
    const sections = [];
    for (const sec of this.layout.sections) {
      const keys = sec.key ? [sec.key] : sec.keys;
      keys.forEach(k => listed.add(k));
      sections.push(sec);
    }
    for (const k of Object.keys(props)) if (!listed.has(k) && !HINTS.implicit.includes('/' + k)) sections.push({ key: k });
    for (const sec of sections) {
      const keys = (sec.key ? [sec.key] : sec.keys).filter(k => props[k]);
      if (!keys.length) continue;
      this.el.append(this.section(sec, keys));
    }
    this.routingBox = h('div', { class: 'routing', id: 'routing', 'aria-live': 'polite' });
    const subjectSection = this.el.querySelector(`[data-ptr="/${this.layout.subject}"]`);
    (subjectSection || this.el).append(this.routingBox);
    this.el.addEventListener('change', () => this.refresh());
    this.el.addEventListener('input', e => this.onInput(e));
    this.refresh();
    return this.el;
  }

  section(sec, keys) {
    const props = this.merged.properties;
    const own = sec.key && props[sec.key];
    const single = own && (own.type === 'object' || own.items?.type === 'object');
    const headingText = sec.key ? this.text('/' + sec.key, 'label') : this.s[sec.title];
    const hid = 'h-' + (sec.key || sec.title);
    const el = h('section', { class: 'section', 'aria-labelledby': hid }, h('h2', { id: hid, tabindex: '-1', text: headingText }));
    if (single) {
      el.dataset.ptr = '/' + sec.key;
      const help = this.text('/' + sec.key, 'help');
      if (help) el.append(h('p', { class: 'section-help', text: help }));
      if (props[sec.key].type === 'object') this.objectFields(props[sec.key], '/' + sec.key, el);
      else this.arrayField(props[sec.key], '/' + sec.key, el, true);
    } else {
      for (const k of keys) el.append(this.field(props[k], '/' + k, this.merged.required.includes(k)));
    }
    return el;
  }

  objectFields(schema, ptr, container) {
    for (const [k, sub] of Object.entries(schema.properties)) {
      container.append(this.field(sub, `${ptr}/${k}`, schema.required.includes(k)));
    }
  }

  field(schema, ptr, required) {
    if (schema.type === 'object') {
      const fs = h('fieldset', { class: 'group', 'data-ptr': ptr, id: idOf(ptr) + '-group', tabindex: '-1' },
        h('legend', { text: this.text(ptr, 'label') }));
      const help = this.text(ptr, 'help');
      if (help) fs.append(h('p', { class: 'hint', text: help }));
      this.objectFields(schema, ptr, fs);
      return fs;
    }
    if (schema.type === 'array' && schema.items?.type === 'object') {
      const wrap = h('div', { class: 'field' });
      this.arrayField(schema, ptr, wrap, false);
      return wrap;
    }
    const id = idOf(ptr);
    const label = this.text(ptr, 'label');
    const help = this.text(ptr, 'help');
    const hintId = help ? id + '-hint' : null;
    const errorId = id + '-error';
    const error = h('p', { class: 'error-message', id: errorId, hidden: true });
    const marker = h('span', { class: 'marker' });
    const base = { 'data-ptr': ptr, 'data-required': required ? '1' : null };

    const group = (kind, inputs) => {
      const fs = h('fieldset', { class: 'field choice-group', ...base, 'data-kind': kind, id: id, tabindex: '-1', 'aria-describedby': hintId },
        h('legend', {}, label, ' ', marker));
      if (help) fs.append(h('p', { class: 'hint', id: hintId, text: help }));
      fs.append(error, h('div', { class: 'choices' }, inputs));
      return fs;
    };
    const choice = (type, name, value, text, n) => h('div', { class: 'choice', 'data-value': String(value) },
      h('input', { type, name, value: String(value), id: `${id}-${n}` }),
      h('label', { for: `${id}-${n}`, text }));

    if (schema.type === 'boolean') {
      if (required) return group('boolean', [choice('radio', ptr, true, this.s.yes, 0), choice('radio', ptr, false, this.s.no, 1)]);
      const input = h('input', { type: 'checkbox', id, name: ptr, 'aria-describedby': hintId });
      return h('div', { class: 'field checkbox', ...base, 'data-kind': 'checkbox' }, error,
        h('div', { class: 'choice' }, input, h('label', { for: id }, label)), help ? h('p', { class: 'hint', id: hintId, text: help }) : null);
    }
    if (schema.type === 'array' && schema.items?.enum) {
      return group('checkboxes', schema.items.enum.map((v, n) => choice('checkbox', ptr, v, this.enumLabel(ptr + '/*', v), n)));
    }
    if (schema.enum) {
      if (schema.enum.length <= HINTS.maxRadios) {
        return group('radio', schema.enum.map((v, n) => choice('radio', ptr, v, this.enumLabel(ptr, v), n)));
      }
      const select = h('select', { id, name: ptr, 'aria-describedby': hintId },
        h('option', { value: '', text: this.s.choose }), schema.enum.map(v => h('option', { value: v, text: this.enumLabel(ptr, v) })));
      return this.wrap(base, 'select', id, label, marker, help, hintId, error, select);
    }
    let kind = 'text';
    const attrs = { id, name: ptr, type: 'text', 'aria-describedby': hintId, spellcheck: 'false' };
    let hint = help;
    if (schema.format === 'date') { kind = 'date'; attrs.inputmode = 'numeric'; attrs.class = 'w-date'; hint = [help, this.s.dateHint].filter(Boolean).join(' '); }
    else if (schema.format === 'fi-municipality') { kind = 'municipality'; attrs.list = 'municipality-list'; attrs.class = 'w-muni'; hint = help || this.s.municipalityHint; }
    else if (schema.format === 'email') { attrs.type = 'email'; }
    else if (schema.format === 'fi-phone') { attrs.type = 'tel'; attrs.class = 'w-phone'; }
    else if (schema.type === 'integer') { kind = 'integer'; attrs.inputmode = 'numeric'; attrs.class = 'w-short'; }
    else if (schema.format === 'fi-hetu' || /personal_identity_code$/.test(ptr)) { attrs.class = 'w-hetu'; attrs.autocapitalize = 'characters'; }
    else if (schema.pattern && schema.maxLength === undefined) { attrs.class = 'w-short'; }
    else { delete attrs.spellcheck; }
    const hintIdFinal = hint ? id + '-hint' : null;
    attrs['aria-describedby'] = hintIdFinal;
    let input;
    if (schema.type === 'string' && schema.maxLength > 200) {
      kind = 'textarea';
      input = h('textarea', { id, name: ptr, rows: schema.maxLength > 2000 ? 8 : 3, 'aria-describedby': hintIdFinal });
      if (schema.maxLength > 2000) {
        const counter = h('p', { class: 'counter', id: id + '-count', text: fill(this.s.chars, { n: 0, max: schema.maxLength }) });
        input.dataset.max = schema.maxLength;
        const w = this.wrap(base, kind, id, label, marker, hint, hintIdFinal, error, input);
        w.append(counter);
        return w;
      }
    } else {
      input = h('input', attrs);
    }
    return this.wrap(base, kind, id, label, marker, hint, hintIdFinal, error, input);
  }

  wrap(base, kind, id, label, marker, hint, hintId, error, input) {
    return h('div', { class: 'field', ...base, 'data-kind': kind },
      h('label', { for: id }, label, ' ', marker),
      hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null, error, input);
  }

  arrayField(schema, ptr, container, topLevel) {
    const wrap = h('div', { class: 'repeat', 'data-ptr': ptr, 'data-kind': 'array', id: idOf(ptr) + '-group', tabindex: '-1' });
    if (!topLevel) {
      wrap.append(h('h3', { text: this.text(ptr, 'label') }));
      const help = this.text(ptr, 'help');
      if (help) wrap.append(h('p', { class: 'hint', text: help }));
    }
    const items = h('div', { class: 'items' });
    const add = h('button', { type: 'button', class: 'button secondary', text: this.s.add[ptr] || '+' });
    add.addEventListener('click', () => {
      const n = items.children.length;
      if (schema.maxItems !== undefined && n >= schema.maxItems) return;
      const item = this.arrayItem(schema, ptr, n, items);
      items.append(item);
      add.hidden = schema.maxItems !== undefined && n + 1 >= schema.maxItems;
      this.refresh();
      item.querySelector('input, select, textarea')?.focus();
    });
    wrap.append(items, add);
    wrap.addButton = add;
    container.append(wrap);
  }

  arrayItem(schema, ptr, n, items) {
    const itemPtr = `${ptr}/${n}`;
    const title = fill(this.s.item[ptr] || '{n}', { n: n + 1 });
    const fs = h('fieldset', { class: 'group item', 'data-ptr': itemPtr, 'data-kind': 'item', id: idOf(itemPtr) + '-group', tabindex: '-1' },
      h('legend', { text: title }));
    this.objectFields(schema.items, itemPtr, fs);
    const remove = h('button', { type: 'button', class: 'button link', text: fill(this.s.removeNamed, { name: title }) });
    remove.addEventListener('click', () => this.removeItem(ptr, n, items, schema));
    fs.append(remove);
    return fs;
  }

  // Items are renumbered so that pointers stay dense and match what is sent.
  removeItem(ptr, n, items, schema) {
    const values = (getPtr(this.collect(true), ptr) || []).filter((_, i) => i !== n);
    items.replaceChildren();
    values.forEach((v, i) => items.append(this.arrayItem(schema, ptr, i, items)));
    this.fillValues(Object.fromEntries(values.map((v, i) => [i, v])), ptr, items);
    items.parentElement.addButton.hidden = false;
    this.refresh();
    (items.lastElementChild?.querySelector('input') || items.parentElement.addButton).focus();
  }

  fillValues(values, ptr, scope) {
    for (const w of scope.querySelectorAll(LEAF_SELECTOR)) {
      const v = getPtr(values, w.dataset.ptr.slice(ptr.length));
      if (v === undefined) continue;
      this.write(w, v);
    }
  }

  write(w, v) {
    const kind = w.dataset.kind;
    if (kind === 'radio' || kind === 'boolean' || kind === 'checkboxes') {
      const vals = Array.isArray(v) ? v.map(String) : [String(v)];
      for (const i of w.querySelectorAll('input')) i.checked = vals.includes(i.value);
    } else if (kind === 'checkbox') {
      w.querySelector('input').checked = v === true;
    } else {
      const el = w.querySelector('input, select, textarea');
      if (kind === 'municipality') { const m = this.munis.byCode.get(v); el.value = m ? this.munis.name(m) : v; }
      else if (kind === 'date') el.value = formatDate(v, 'fi');
      else el.value = String(v);
    }
  }

  onInput(e) {
    const t = e.target;
    if (t.dataset?.max) {
      const c = document.getElementById(t.id + '-count');
      if (c) c.textContent = fill(this.s.chars, { n: [...t.value].length, max: t.dataset.max });
    }
    if (t.closest('[data-kind="municipality"]')) this.updateRouting();
    if (t.matches('textarea, input[type="text"]:not(.w-hetu)')) this.warnOfHetu(t);
  }

  // A personal identity code in a free text: ask for it in its own field (the server counts it as a
  // data subject anyway, so the audit log finds the notice).
  warnOfHetu(t) {
    const id = t.id + '-hetu';
    let warning = document.getElementById(id);
    const found = findHetusInText(t.value).length > 0;
    if (found && !warning) {
      warning = h('p', { class: 'hint hetu-warning', id, role: 'status', text: this.s.hetuInText });
      t.after(warning);
    } else if (!found && warning) {
      warning.remove();
    }
  }

  // ---- reading ----
  read(w) {
    const kind = w.dataset.kind;
    const checked = [...w.querySelectorAll('input:checked')].map(i => i.value);
    switch (kind) {
      case 'item': return {};
      case 'checkbox': return w.querySelector('input').checked ? true : undefined;
      case 'boolean': return checked.length ? checked[0] === 'true' : undefined;
      case 'radio': return checked[0];
      case 'checkboxes': return checked.length ? checked : undefined;
      default: break;
    }
    const raw = w.querySelector('input, select, textarea').value.trim();
    if (raw === '') return undefined;
    if (kind === 'date') return parseDate(raw) || raw;
    if (kind === 'integer') return /^\d{1,6}$/.test(raw) ? Number(raw) : raw;
    if (kind === 'municipality') return this.munis.find(raw)?.code || raw;
    if (w.querySelector('.w-hetu')) return raw.toUpperCase();
    return raw;
  }

  // The document as it would be sent: only questions that are shown, only answered ones.
  collect(includeHidden = false) {
    const doc = {};
    for (const w of this.el.querySelectorAll('[data-kind]')) {
      if (w.dataset.kind === 'array') continue;
      if (!includeHidden && w.closest('[hidden]')) continue;
      const v = this.read(w);
      if (v !== undefined) setPtr(doc, w.dataset.ptr, v);
    }
    doc.form_language = this.lang;
    return doc;
  }

  // ---- what to ask ----
  refresh() {
    for (let i = 0; i < 4; i++) if (!this.applyVisibility()) break;
    this.updateAlerts();
    this.updateRouting();
  }

  updateAlerts() {
    const doc = this.collect();
    for (const [ptr, [value, key]] of Object.entries(HINTS.alerts)) {
      const w = this.wrapperFor(ptr, true);
      if (!w) continue;
      let box = w.querySelector(':scope > .field-alert');
      const on = getPtr(doc, ptr) === value;
      if (on && !box) w.append(h('div', { class: 'field-alert', role: 'alert' }, h('p', { text: this.s[key] })));
      if (!on && box) box.remove();
    }
  }

  applyVisibility() {
    const doc = this.collect();
    const a = this.schema.analyse(doc);
    let changed = false;
    for (const w of this.el.querySelectorAll('[data-ptr]')) {
      const p = w.dataset.ptr;
      let show = true;
      if (a.conditional.has(p) && !a.conditional.get(p) && !HINTS.alwaysShow.some(x => matchesPattern(x, p))) show = false;
      if (a.empty.has(p)) show = false;
      const allowed = a.allowed.get(p);
      if (allowed && w.dataset.kind === 'checkbox' && allowed.length === 1) show = false;
      for (const [prefix, needed] of Object.entries(HINTS.after)) {
        if (p.startsWith(prefix + '/') && p !== needed && getPtr(doc, needed) === undefined) show = false;
      }
      const withPtr = HINTS.showWith[p];
      if (withPtr) { const t = this.wrapperFor(withPtr, true); if (!t || t.closest('[hidden]') || t.hidden) show = false; }
      const when = HINTS.showWhen[p];
      if (when && !when[1].includes(getPtr(doc, when[0]))) show = false;
      const hideWhen = HINTS.hideWhen[p];
      if (hideWhen && getPtr(doc, hideWhen) === true) show = false;
      if (w.hidden === show) { w.hidden = !show; changed = true; }
      if (['radio', 'select'].includes(w.dataset.kind) && this.restrict(w, allowed, getPtr(doc, p))) changed = true;
      const marker = w.querySelector(':scope > label .marker, :scope > legend .marker');
      if (marker) {
        const req = w.dataset.required === '1' || a.required.has(p);
        marker.textContent = req ? `(${this.s.required})` : '';
      }
    }
    return changed;
  }

  // An applying branch may narrow the choices (an adult gives consent personally). A choice already
  // made that no longer fits is left visible, so the error message can explain it. Returns true when
  // the only remaining choice was selected.
  restrict(w, allowed, current) {
    const keep = allowed && (current === undefined || allowed.includes(current)) ? allowed.map(String) : null;
    for (const c of w.querySelectorAll('.choice, option[value]:not([value=""])')) {
      const v = c.dataset?.value ?? c.value;
      c.hidden = keep ? !keep.includes(v) : false;
    }
    if (keep && keep.length === 1 && current === undefined && w.dataset.kind === 'radio') {
      const only = w.querySelector(`input[value="${keep[0]}"]`);
      if (only) { only.checked = true; return true; }
    }
    return false;
  }

  updateRouting() {
    const doc = this.collect();
    const r = this.munis.route(doc, this.layout.subject);
    this.route = r;
    const box = this.routingBox;
    if (!r) { box.replaceChildren(h('h3', { text: this.s.routingTitle }), h('p', { text: this.s.routingNone })); box.className = 'routing'; return; }
    if (r.aland) {
      box.className = 'routing warning';
      box.replaceChildren(h('h3', { text: this.s.routingTitle }), h('p', { text: this.tr.errors.aland_outside_counties[this.lang] }));
      return;
    }
    if (r.notServed) {
      const go = this.munis.noticesGo(r.organisation);
      box.className = 'routing warning';
      box.replaceChildren(h('h3', { text: this.s.routingTitle }), h('p', { text: this.notServedMessage(r.organisation)[this.lang] }),
        go?.url ? h('p', {}, h('a', { href: go.url, rel: 'noopener', text: go.url })) : null);
      return;
    }
    if (r.lsl17) {
      box.className = 'routing warning';
      box.replaceChildren(h('h3', { text: this.s.routingTitle }),
        h('p', { class: 'recipient' }, fill(this.s.routingTo, { org: this.munis.organisationName(r.organisation) })),
        h('p', { class: 'because', text: this.s.routingLsl17 }));
      return;
    }
    box.className = 'routing ok';
    box.replaceChildren(h('h3', { text: this.s.routingTitle }),
      h('p', { class: 'recipient' }, fill(this.s.routingTo, { org: this.munis.organisationName(r.organisation) })),
      h('p', { class: 'because', text: fill(this.s.routingBecause, { field: this.text(r.pointer, 'label'), municipality: this.munis.name(r.municipality) }) }));
  }

  // The server's organisation_not_served message, composed the same way (server/api/submission_routes.cpp):
  // the translations' template with the organisation's name, then where its notices go, if configured.
  notServedMessage(id) {
    const org = this.munis.orgs.get(id);
    const go = this.munis.noticesGo(id);
    const out = {};
    for (const lang of ['fi', 'sv', 'en']) {
      out[lang] = fill(this.tr.errors.organisation_not_served[lang], { organisation: org?.name[lang] || id });
      if (go) {
        const where = [go.text?.[lang], go.url].filter(Boolean).join(' ');
        out[lang] += ' ' + fill(this.tr.errors.organisation_not_served_elsewhere[lang], { where });
      }
    }
    return out;
  }

  // ---- errors ----
  wrapperFor(ptr, exact = false) {
    let p = ptr;
    while (p) {
      const w = this.el.querySelector(`[data-ptr="${p}"]`);
      if (w && (exact || !w.closest('[hidden]'))) return w;
      if (exact) return null;
      p = p.slice(0, p.lastIndexOf('/'));
    }
    return null;
  }

  // Client checks, plus rules the schema leaves to the server's router.
  validate() {
    const doc = this.collect();
    const errors = this.schema.validate(doc);
    if (!this.route) {
      errors.push({ pointer: `/${this.layout.subject}/home_municipality`, code: 'no_municipality' });
    } else if (this.route.aland) {
      errors.push({ pointer: this.route.pointer, code: 'aland_outside_counties' });
    } else if (this.route.notServed) {
      // As the server: with no municipality given (LSL 17 §), at the home municipality.
      errors.push({ pointer: this.route.pointer || `/${this.layout.subject}/home_municipality`, code: 'organisation_not_served',
        message: this.notServedMessage(this.route.organisation) });
    }
    return { doc, errors };
  }

  clearErrors() {
    this.summarySlot.replaceChildren();
    for (const w of this.el.querySelectorAll('.has-error')) {
      w.classList.remove('has-error');
      const msg = w.querySelector(':scope > .error-message');
      if (msg) { msg.hidden = true; msg.textContent = ''; }
      for (const i of w.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
      for (const el of [w, ...w.querySelectorAll('input, select, textarea')]) {
        const d = (el.getAttribute('aria-describedby') || '').split(' ').filter(x => x && !x.endsWith('-error'));
        if (d.length) el.setAttribute('aria-describedby', d.join(' ')); else el.removeAttribute('aria-describedby');
      }
    }
  }

  // Shows each error next to its field and lists them all at the top; returns the summary element.
  showErrors(errors, intro) {
    this.clearErrors();
    const seen = new Set();
    const items = [];
    for (const e of errors) {
      const w = this.wrapperFor(e.pointer);
      if (!w || seen.has(w)) continue;
      seen.add(w);
      const text = this.errorText(e);
      w.classList.add('has-error');
      let msg = w.querySelector(':scope > .error-message');
      if (!msg) {
        msg = h('p', { class: 'error-message', id: (w.id || idOf(w.dataset.ptr)) + '-error' });
        const anchor = w.querySelector(':scope > legend, :scope > h2, :scope > h3');
        anchor ? anchor.after(msg) : w.prepend(msg);
      }
      msg.textContent = text;
      msg.hidden = false;
      const controls = w.matches('fieldset.field') ? [w] : [...w.querySelectorAll(':scope > input, :scope > select, :scope > textarea, :scope > .choice > input')];
      for (const el of controls.length ? controls : [w]) {
        const d = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        el.setAttribute('aria-describedby', [msg.id, ...d].join(' '));
      }
      for (const i of w.querySelectorAll(':scope > input, :scope > select, :scope > textarea, :scope > .choices input, :scope > .choice > input')) {
        i.setAttribute('aria-invalid', 'true');
      }
      const target = w.querySelector('input:not([type=hidden]), select, textarea') || w;
      const label = this.labelPath(w);
      const link = h('a', { href: '#' + (target.id || w.id), text: `${label}: ${text}` });
      link.addEventListener('click', ev => {
        ev.preventDefault();
        (w.querySelector('legend, label') || w).scrollIntoView({ block: 'center' });
        target.focus({ preventScroll: true });
      });
      items.push(h('li', {}, link));
    }
    if (!items.length) return null;
    const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'error-summary-title' },
      h('h2', { id: 'error-summary-title', text: this.s.errorSummary }), intro ? h('p', { text: intro }) : null, h('ul', {}, items));
    this.summarySlot.append(summary);
    return summary;
  }

  // The field's label with its context: the section (error summary) or the nearest group (check step).
  labelPath(w, groupOnly = false) {
    const p = w.dataset.ptr;
    const own = w.querySelector(':scope > label, :scope > legend, :scope > h2, :scope > h3')?.firstChild?.textContent?.trim() || this.text(p, 'label');
    const group = w.parentElement?.closest('fieldset.group');
    const ctx = group ? group.querySelector('legend').textContent : groupOnly ? '' : w.closest('section')?.querySelector('h2')?.textContent;
    return ctx && ctx !== own ? `${ctx} – ${own}` : own;
  }
}
