// The official municipality table (from /api/v1/municipalities) for the pickers, and the routing chain
// the server applies (server/routing/route.hpp), so the user sees the recipient before sending. Both
// are checked against one table of cases, tests/shared/routing_cases.json.

const norm = s => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fi');

export class Municipalities {
  constructor(data, lang) {
    this.lang = lang;
    this.list = data.municipalities;
    this.orgs = new Map(data.organisations.map(o => [o.id, o]));
    this.byCode = new Map(this.list.map(m => [m.code, m]));
    this.byName = new Map();
    for (const m of this.list) {
      for (const n of [m.name[lang], m.name.fi, m.name.sv, m.name.en]) if (n && !this.byName.has(norm(n))) this.byName.set(norm(n), m);
    }
  }

  name(m) { return m.name[this.lang] || m.name.fi; }
  organisationName(id) { const o = this.orgs.get(id); return o ? (o.name[this.lang] || o.name.fi) : id; }
  // Whether this instance routes to the organisation (the operator's queue configuration "served");
  // the server refuses the others' notices with organisation_not_served.
  served(id) { return this.orgs.get(id)?.served !== false; }
  // Where the operator says an organisation's notices go instead: { text: {fi, sv, en}, url }, or null.
  noticesGo(id) { return this.orgs.get(id)?.notices_go || null; }

  // Finds a municipality by its name in any of the three languages, by "Name (123)" or by its code.
  find(text) {
    if (!text) return null;
    const t = norm(text);
    const coded = /^(?:.*\()?(\d{3})\)?$/.exec(t);
    if (coded) return this.byCode.get(coded[1]) || null;
    return this.byName.get(t) || null;
  }

  datalist(id) {
    const dl = document.createElement('datalist');
    dl.id = id;
    const sorted = [...this.list].sort((a, b) => this.name(a).localeCompare(this.name(b), this.lang));
    for (const m of sorted) {
      const o = document.createElement('option');
      o.value = this.name(m);
      const other = this.lang === 'sv' ? m.name.fi : m.name.sv;
      if (other && other !== o.value) o.label = other;
      dl.append(o);
    }
    return dl;
  }

  // LSL 16 §: residence municipality when it differs from the home municipality, else home, else where
  // the person is now; then the notifier's workplace (a Huoli design choice so a notice always arrives).
  route(doc, subject) {
    const s = doc[subject] || {};
    const chain = [];
    if (s.residence_municipality && s.residence_municipality !== s.home_municipality) chain.push(`/${subject}/residence_municipality`);
    if (s.home_municipality) chain.push(`/${subject}/home_municipality`);
    if (s.whereabouts_municipality) chain.push(`/${subject}/whereabouts_municipality`);
    if (doc.notifier?.workplace_municipality) chain.push('/notifier/workplace_municipality');
    for (const pointer of chain) {
      const code = pointer.split('/').reduce((o, k) => (k ? o?.[k] : o), doc);
      const m = this.byCode.get(code);
      if (!m) continue;
      return { pointer, municipality: m, aland: m.aland, organisation: m.organisation,
        notServed: !m.aland && !this.served(m.organisation) };
    }
    // LSL 17 §: with no municipality known, the City of Helsinki (server/routing/route.hpp).
    const helsinki = this.byCode.get('091');
    return helsinki ? { pointer: null, municipality: helsinki, aland: false, organisation: helsinki.organisation, lsl17: true,
      notServed: !this.served(helsinki.organisation) } : null;
  }
}
