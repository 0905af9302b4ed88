// A notice page: loads the schema, translations and municipality table, then runs the three steps
// fill in → check → sent. Nothing the user types is stored in the browser: the form lives only in
// this page's memory and is removed from it once the server has confirmed the notice.
import { FormSchema } from './schema.js';
import { Municipalities } from './municipalities.js';
import { FormView, h } from './render.js';
import { renderReview } from './review.js';
import { STRINGS, fill } from './strings.js';

const lang = document.documentElement.lang;
const form = document.body.dataset.form;
const s = STRINGS[lang];
const app = document.getElementById('app');
const title = document.getElementById('page-title');

async function getJson(url) {
  const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map(x => x.toString(16).padStart(2, '0')).join('');
}

class NoticePage {
  constructor(view, translations, munis) {
    this.view = view;
    this.munis = munis;
    this.dirty = false;
    this.pending = null; // { doc, key } from the check step until the server answers
    const formTitle = translations.forms[form].title[lang];
    this.baseTitle = document.title = `${formTitle} – Huoli`;
    title.textContent = formTitle;
    this.steps = h('ol', { class: 'steps', 'aria-label': formTitle },
      [s.stepFill, s.stepReview, s.stepDone].map((t, i) => h('li', { 'data-step': i + 1 }, h('span', { class: 'step-no', text: `${i + 1}` }), ' ', t)));
    this.status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
    this.fillStep = h('div', { class: 'step step-fill' });
    this.reviewStep = h('div', { class: 'step step-review', hidden: true });
    this.doneStep = h('div', { class: 'step step-done', hidden: true });
    const intro = h('p', { class: 'intro', text: translations.forms[form].intro[lang] });
    const formEl = view.render();
    const next = h('button', { type: 'submit', class: 'button primary', text: s.toReview });
    formEl.append(h('div', { class: 'actions' }, next));
    formEl.addEventListener('submit', e => { e.preventDefault(); this.toReview(); });
    formEl.addEventListener('input', () => { this.dirty = true; });
    formEl.addEventListener('change', () => { this.dirty = true; });
    this.fillStep.append(intro, formEl);
    app.replaceChildren(this.steps, this.status, this.fillStep, this.reviewStep, this.doneStep);
    this.setStep(1);
    window.addEventListener('beforeunload', e => {
      if (!this.dirty) return;
      e.preventDefault();
      e.returnValue = s.leaveWarning;
    });
  }

  setStep(n) {
    for (const li of this.steps.children) {
      if (Number(li.dataset.step) === n) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
    }
    this.fillStep.hidden = n !== 1;
    this.reviewStep.hidden = n !== 2;
    this.doneStep.hidden = n !== 3;
    const label = [s.stepFill, s.stepReview, s.stepDone][n - 1];
    document.title = `${label} (${fill(s.stepOf, { n })}) – ${this.baseTitle}`;
  }

  say(text, kind = '') {
    this.status.className = `status ${kind}`;
    this.status.replaceChildren(...(text ? [h('p', { text })] : []));
  }

  toReview() {
    this.say('');
    const { doc, errors } = this.view.validate();
    if (errors.length) {
      this.view.showErrors(errors)?.focus();
      return;
    }
    this.view.clearErrors();
    this.pending = { doc, key: newKey() };
    const route = this.view.route;
    const heading = h('h2', { tabindex: '-1', text: s.reviewTitle });
    const sendButton = h('button', { type: 'button', class: 'button primary', text: s.send });
    const back = h('button', { type: 'button', class: 'button secondary', text: s.back });
    sendButton.addEventListener('click', () => this.send(sendButton));
    back.addEventListener('click', () => this.backToForm());
    this.reviewStep.replaceChildren(heading, h('p', { text: s.reviewIntro }),
      h('div', { class: 'routing ok' }, h('h3', { text: s.routingTitle }),
        h('p', { class: 'recipient', text: fill(s.routingTo, { org: this.munis.organisationName(route.organisation) }) }),
        h('p', { class: 'because', text: fill(s.routingBecause, { field: this.view.text(route.pointer, 'label'), municipality: this.munis.name(route.municipality) }) })),
      ...renderReview(this.view, sec => this.backToForm(sec)),
      h('div', { class: 'actions' }, sendButton, back));
    this.setStep(2);
    window.scrollTo(0, 0);
    heading.focus();
  }

  backToForm(section) {
    this.pending = null; // the content may change: a new send gets a new Idempotency-Key
    this.say('');
    this.setStep(1);
    const target = section?.querySelector('h2') || title;
    if (!section) title.setAttribute('tabindex', '-1');
    target.focus();
    target.scrollIntoView({ block: 'start' });
  }

  async send(button) {
    if (!this.pending || button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = s.sending;
    this.say(s.sending);
    let res;
    try {
      res = await fetch(`/api/v1/submissions/${encodeURIComponent(form)}`, {
        method: 'POST',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': this.pending.key },
        body: JSON.stringify(this.pending.doc),
      });
    } catch {
      // The notice may or may not have been stored: the retry reuses the same key, so it is stored once.
      return this.failed(button, s.failedNetwork, true);
    }
    if (res.status === 201) return this.done(await res.json());
    const problem = await res.json().catch(() => null);
    if (res.status === 422) {
      this.pending = null;
      this.setStep(1);
      const summary = this.view.showErrors(problem?.errors || [], problem?.message?.[lang] || s.failedValidation);
      (summary || title).focus();
      return;
    }
    if (res.status === 429 || res.status === 503) {
      const after = Number(res.headers.get('Retry-After')) || 30;
      return this.failed(button, fill(s.failedBusy, { s: after }), true);
    }
    if (res.status === 413) return this.failed(button, s.failedTooLarge, false);
    return this.failed(button, problem?.message?.[lang] ? `${problem.message[lang]} ${s.failedOther}` : s.failedOther, true);
  }

  failed(button, text, canRetry) {
    button.removeAttribute('aria-disabled');
    button.textContent = canRetry ? s.retry : s.send;
    button.hidden = !canRetry;
    this.say(text, 'error');
    this.status.setAttribute('tabindex', '-1');
    this.status.focus();
  }

  done(receipt) {
    // Forget the notice: the DOM form, the pending copy and the unsaved-changes guard.
    this.dirty = false;
    this.pending = null;
    this.view.el.reset();
    this.fillStep.replaceChildren();
    this.reviewStep.replaceChildren();
    this.view = null;
    this.say('');
    const when = new Date(receipt.received_at);
    const time = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : `${lang}-FI`, {
      timeZone: 'Europe/Helsinki', dateStyle: 'long', timeStyle: 'short' }).format(when);
    const org = receipt.recipient?.name?.[lang] || receipt.recipient?.name?.fi || receipt.recipient?.id;
    const rows = [[s.receiptCode, h('strong', { class: 'receipt-code', text: receipt.receipt })], [s.receivedAt, time], [s.recipient, org]];
    // Each other child the concern is about is a case of its own, perhaps in another county (LSL 16 §).
    for (const c of receipt.other_children || []) {
      const n = Number(c.child.split('/').pop()) + 1;
      const child = fill(s.item['/other_children'], { n });
      rows.push([fill(s.recipientOf, { child }), c.recipient?.name?.[lang] || c.recipient?.name?.fi || c.recipient?.id]);
    }
    if (receipt.decision_due) {
      const due = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : `${lang}-FI`, { dateStyle: 'long', timeZone: 'UTC' })
        .format(new Date(receipt.decision_due + 'T00:00:00Z'));
      rows.push([s.decisionDue, due]);
    }
    const heading = h('h2', { tabindex: '-1', text: s.doneTitle });
    const print = h('button', { type: 'button', class: 'button primary', text: s.print });
    print.addEventListener('click', () => window.print());
    this.doneStep.replaceChildren(h('div', { class: 'receipt' }, heading,
      h('dl', { class: 'receipt-list' }, rows.map(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)])),
      receipt.decision_due ? h('p', { text: s.decisionNote }) : null,
      h('p', { text: s.receiptKeep })),
    h('div', { class: 'actions no-print' }, print,
      h('a', { class: 'button secondary', href: location.pathname, text: s.newNotice }),
      h('a', { class: 'button link', href: './', text: s.frontPage })));
    this.setStep(3);
    window.scrollTo(0, 0);
    heading.focus();
  }
}

async function start() {
  try {
    const [formSchema, common, translations, table] = await Promise.all([
      getJson(`/schema/${form}.json`), getJson('/schema/common.schema.json'),
      getJson('/schema/translations.json'), getJson('/api/v1/municipalities')]);
    const munis = new Municipalities(table, lang);
    const schema = new FormSchema({ [`${form}.schema.json`]: formSchema, 'common.schema.json': common },
      `${form}.schema.json`, code => munis.byCode.has(code));
    const view = new FormView({ form, lang, schema, translations, municipalities: munis });
    new NoticePage(view, translations, munis);
    document.body.classList.add('ready');
  } catch {
    app.replaceChildren(h('div', { class: 'status error', role: 'alert' }, h('p', { text: s.loadFailed })));
  }
}

start();
