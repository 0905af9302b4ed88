// The form's JSON Schema as the browser uses it: $ref resolution, a validator for the subset of draft-07
// the Huoli schemas use (mirroring the server's error codes), and an analysis of which if/then branches
// apply to the data so far, from which the form decides what to ask.
import { checkHetu, validBusinessId, plausiblePhone, plausibleEmail, parseDate, helsinkiToday } from './identifiers.js';

export class FormSchema {
  // docs: { [file name]: parsed schema }, root: the form's file name.
  constructor(docs, root, municipalityExists) {
    this.docs = docs;
    this.root = root;
    this.municipalityExists = municipalityExists;
    this.today = helsinkiToday();
  }

  // A schema node is carried as [node, file] so that "#/…" refs resolve inside the right file.
  resolve(node, file) {
    let guard = 0;
    while (node && typeof node === 'object' && node.$ref && guard++ < 32) {
      const [doc, frag] = node.$ref.split('#');
      if (doc) file = doc;
      let target = this.docs[file];
      for (const part of (frag || '').split('/').filter(Boolean)) target = target?.[decodeURIComponent(part)];
      if (target === undefined) throw new Error('unresolved $ref');
      node = target;
    }
    return [node, file];
  }

  // Flattened view for rendering: $ref and allOf merged, properties merged recursively, enums intersected,
  // a format that sits in `then` (see common.schema.json's $comment) lifted up. Base `required` only.
  merged(node = this.docs[this.root], file = this.root) {
    [node, file] = this.resolve(node, file);
    let out = { ...node, properties: {}, required: [...(node.required || [])] };
    for (const k of ['allOf', 'if', 'then', 'else', '$ref', 'description', '$comment']) delete out[k];
    if (node.then?.format) out.format = node.then.format;
    for (const [k, sub] of Object.entries(node.properties || {})) out.properties[k] = this.merged(sub, file);
    if (node.items) out.items = this.merged(node.items, file);
    for (const part of node.allOf || []) out = mergeTwo(out, this.merged(part, file));
    return out;
  }

  // Validation errors [{pointer, code}] for `doc`, in document order, as the server would report them.
  validate(doc) {
    const errors = [];
    this.check(this.docs[this.root], this.root, doc, '', errors, false);
    this.semantic(doc, errors);
    return errors;
  }

  matches(node, file, value) {
    return this.check(node, file, value, '', [], false, true) === 0;
  }

  // Returns the number of errors added. `conditional`: inside a then/else branch (required → 'conditional').
  check(node, file, v, ptr, errors, conditional, quick = false) {
    [node, file] = this.resolve(node, file);
    if (node === true || node === undefined) return 0;
    if (node === false) { errors.push({ pointer: ptr, code: 'const' }); return 1; }
    const start = errors.length;
    const add = (pointer, code) => errors.push({ pointer, code });
    if (node.type && !typeMatches(node.type, v)) { add(ptr, 'type'); return 1; }
    if ('const' in node && !deepEqual(node.const, v)) add(ptr, 'const');
    if (node.enum && !node.enum.some(e => deepEqual(e, v))) add(ptr, 'enum');
    if (typeof v === 'string') {
      const len = [...v].length;
      if (node.minLength !== undefined && len < node.minLength) add(ptr, 'minLength');
      if (node.maxLength !== undefined && len > node.maxLength) add(ptr, 'maxLength');
      if (node.pattern && !new RegExp(node.pattern, 'u').test(v)) add(ptr, 'pattern');
      if (node.format && !quick) { const c = this.format(node.format, v, ptr); if (c) add(ptr, c); }
    }
    if (typeof v === 'number') {
      if (node.minimum !== undefined && v < node.minimum) add(ptr, 'minimum');
      if (node.maximum !== undefined && v > node.maximum) add(ptr, 'maximum');
    }
    if (isObject(v)) {
      for (const k of node.required || []) if (!(k in v)) add(`${ptr}/${k}`, conditional ? 'conditional' : 'required');
      for (const [k, sub] of Object.entries(node.properties || {})) {
        if (k in v) this.check(sub, file, v[k], `${ptr}/${k}`, errors, conditional, quick);
      }
      if (node.additionalProperties === false) {
        for (const k of Object.keys(v)) if (!(k in (node.properties || {}))) add(`${ptr}/${k}`, 'additional_property');
      }
    }
    if (Array.isArray(v)) {
      if (node.minItems !== undefined && v.length < node.minItems) add(ptr, 'min_items');
      if (node.maxItems !== undefined && v.length > node.maxItems) add(ptr, 'max_items');
      if (node.uniqueItems && new Set(v.map(x => JSON.stringify(x))).size !== v.length) add(ptr, 'unique_items');
      if (node.items) v.forEach((x, i) => this.check(node.items, file, x, `${ptr}/${i}`, errors, conditional, quick));
    }
    for (const part of node.allOf || []) this.check(part, file, v, ptr, errors, conditional, quick);
    if (node.anyOf && !node.anyOf.some(p => this.matches(p, file, v))) add(ptr, 'any_of');
    if (node.not && this.matches(node.not, file, v)) add(ptr, 'not');
    if (node.if) {
      const branch = this.matches(node.if, file, v) ? node.then : node.else;
      if (branch) this.check(branch, file, v, ptr, errors, true, quick);
    }
    return errors.length - start;
  }

  format(format, v, ptr) {
    switch (format) {
      case 'date': {
        const iso = parseDate(v);
        if (!iso || iso !== v) return 'format_date';
        if (ptr.endsWith('/due_date')) return v < this.today ? 'due_date_in_past' : '';
        return v > this.today ? 'date_in_future' : '';
      }
      case 'email': return plausibleEmail(v) ? '' : 'format_email';
      case 'fi-hetu': {
        const e = checkHetu(v).error;
        return e === '' ? '' : e === 'date' ? 'format_fi_hetu_date' : e === 'checksum' ? 'format_fi_hetu_checksum' : 'pattern';
      }
      case 'fi-business-id': return validBusinessId(v) ? '' : 'format_fi_business_id';
      case 'fi-phone': return plausiblePhone(v) ? '' : 'format_fi_phone';
      case 'fi-municipality': return this.municipalityExists(v) ? '' : 'format_fi_municipality';
      default: return '';
    }
  }

  // The server's semantic pass beyond single formats: a birth date must agree with the identity code.
  semantic(doc, errors) {
    const visit = (v, ptr) => {
      if (!isObject(v)) { if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${ptr}/${i}`)); return; }
      if (typeof v.personal_identity_code === 'string' && typeof v.birth_date === 'string') {
        const h = checkHetu(v.personal_identity_code);
        const bad = errors.some(e => e.pointer === `${ptr}/birth_date` || e.pointer === `${ptr}/personal_identity_code`);
        if (!h.error && !bad && h.birthDate !== v.birth_date) errors.push({ pointer: `${ptr}/birth_date`, code: 'birth_date_mismatch' });
      }
      for (const [k, x] of Object.entries(v)) visit(x, `${ptr}/${k}`);
    };
    visit(doc, '');
  }

  // Which if/then branches apply to `doc`. Returns
  //   conditional: Map pointer → bool  a property required only by then-branches, and whether one applies
  //   allowed:     Map pointer → [values]  enum/const restrictions of applying branches
  //   empty:       Set pointer  arrays an applying branch limits to maxItems 0
  //   required:    Set pointer  properties an applying then/else branch requires
  analyse(doc) {
    const out = { conditional: new Map(), allowed: new Map(), empty: new Set(), required: new Set() };
    this.walk(this.docs[this.root], this.root, doc, '', out, null);
    return out;
  }

  // branch: null outside then/else; otherwise { active, isThen }.
  walk(node, file, v, ptr, out, branch) {
    [node, file] = this.resolve(node, file);
    if (!node || typeof node !== 'object') return;
    if (branch) {
      if (branch.isThen) {
        for (const k of node.required || []) {
          const p = `${ptr}/${k}`;
          out.conditional.set(p, (out.conditional.get(p) || false) || branch.active);
        }
      }
      if (branch.active) {
        for (const k of node.required || []) out.required.add(`${ptr}/${k}`);
        if ('const' in node) out.allowed.set(ptr, [node.const]);
        if (node.enum) out.allowed.set(ptr, node.enum);
        if (node.maxItems === 0) out.empty.add(ptr);
      }
    }
    for (const [k, sub] of Object.entries(node.properties || {})) {
      this.walk(sub, file, isObject(v) ? v[k] : undefined, `${ptr}/${k}`, out, branch);
    }
    if (node.items && Array.isArray(v)) v.forEach((x, i) => this.walk(node.items, file, x, `${ptr}/${i}`, out, branch));
    for (const part of node.allOf || []) this.walk(part, file, v, ptr, out, branch);
    if (node.if) {
      // An absent value never satisfies a condition: the question it would open has not been answered.
      const on = v !== undefined && this.matches(node.if, file, v) && (!branch || branch.active);
      const parentActive = !branch || branch.active;
      if (node.then) this.walk(node.then, file, v, ptr, out, { active: on, isThen: true });
      if (node.else) this.walk(node.else, file, v, ptr, out, { active: parentActive && !on && v !== undefined, isThen: false });
    }
  }
}

function mergeTwo(a, b) {
  const out = { ...a, properties: { ...a.properties }, required: [...new Set([...a.required, ...b.required])] };
  for (const [k, v] of Object.entries(b)) {
    if (k === 'properties' || k === 'required') continue;
    if (k === 'enum' && a.enum) out.enum = a.enum.filter(x => v.includes(x));
    else if (out[k] === undefined) out[k] = v;
  }
  for (const [k, s] of Object.entries(b.properties)) out.properties[k] = out.properties[k] ? mergeTwo(out.properties[k], s) : s;
  return out;
}

function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }

function typeMatches(type, v) {
  const types = Array.isArray(type) ? type : [type];
  return types.some(t => (t === 'object' && isObject(v)) || (t === 'array' && Array.isArray(v)) ||
    (t === 'string' && typeof v === 'string') || (t === 'boolean' && typeof v === 'boolean') ||
    (t === 'integer' && Number.isInteger(v)) || (t === 'number' && typeof v === 'number') || (t === 'null' && v === null));
}

function deepEqual(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
