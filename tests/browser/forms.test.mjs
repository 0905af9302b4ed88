// Browser tests of the web forms against a real huoli-server: every notice in every language is filled in
// and sent, errors are shown and corrected, the keyboard alone is enough, and axe-core finds nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPERATOR, startServer } from './server.mjs';
import { Municipalities } from '../../forms/assets/js/municipalities.js';
import {
  FORMS, LANGS, MUNICIPALITY_OF, VALID_HETU, WRONG_HETU, axeViolations, fillPlan, gotoForm, launch, openPage, plan,
  screenshot,
} from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const readmeShots = path.join(here, 'screenshots');
const RECEIPT = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$/;

let server;
let browser;
let table; // /api/v1/municipalities, for the expected recipients
let translations;

before(async () => {
  server = await startServer();  // throws without a server binary: no test here may pass without one
  browser = await launch();
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/fi/`);
  [table, translations] = await page.evaluate(async () => Promise.all([
    fetch('/api/v1/municipalities').then(r => r.json()), fetch('/schema/translations.json').then(r => r.json())]));
  await page.close();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function recipientName(code, lang) {
  const m = table.municipalities.find(x => x.code === code);
  return table.organisations.find(o => o.id === m.organisation).name[lang];
}

async function assertClean(page, what) {
  assert.deepEqual(await axeViolations(page), [], `axe-core violations on ${what}`);
  assert.deepEqual(page.problems, [], `script errors or CSP violations on ${what}`);
}

async function toReview(page) {
  await page.click('#notice-form button[type=submit]');
  await page.waitForSelector('.step-review:not([hidden]) h2');
}

async function sendAndWaitForReceipt(page) {
  await page.click('.step-review .button.primary');
  await page.waitForSelector('.receipt-code', { timeout: 15000 });
  return (await page.textContent('.receipt-code')).trim();
}

async function assertNothingStored(page) {
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
  }));
  assert.deepEqual(stored, { local: 0, session: 0, idb: 0 }, 'nothing may be kept in browser storage');
}

describe('landing and information pages', () => {
  test('the accessibility check itself notices a field without a label', async t => {
    const page = await openPage(browser.context);
    await page.goto(`${server.url}/en/`);
    await page.evaluate(() => document.querySelector('main').append(document.createElement('input')));
    assert.ok((await axeViolations(page)).some(v => v.startsWith('label')));
    await page.close();
  });


  for (const lang of LANGS) {
    test(`${lang} landing page leads with the emergency rule and links every notice`, async t => {
      const page = await openPage(browser.context);
      await page.goto(`${server.url}/${lang}/`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      const firstBlock = await page.$eval('main h1 + *', el => el.className + ' ' + el.textContent);
      assert.match(firstBlock, /emergency.*112/s, 'the emergency rule comes right after the heading');
      for (const form of FORMS) {
        assert.equal(await page.textContent(`main a[href="${form}.html"]`), translations.forms[form].title[lang]);
      }
      await assertClean(page, `${lang} landing page`);
      await screenshot(page, `landing-${lang}`);
      if (lang === 'fi' && process.env.HUOLI_README_SCREENSHOTS === '1') {
        await page.screenshot({ path: path.join(readmeShots, 'landing.png'), clip: { x: 0, y: 0, width: 1024, height: 720 } });
      }
      await page.close();
    });

    test(`${lang} accessibility statement passes axe`, async t => {
      const page = await openPage(browser.context);
      await page.goto(`${server.url}/${lang}/accessibility.html`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.match(await page.textContent('h1'), /Saavutettavuusseloste|Tillgänglighetsutlåtande|Accessibility statement/);
      await assertClean(page, `${lang} accessibility statement`);
      assert.ok((await page.textContent('main')).includes(OPERATOR.feedback_email), 'no feedback contact');
      await page.close();
    });

    test(`${lang} privacy notice is linked from the footer, names the operator and passes axe`, async () => {
      const page = await openPage(browser.context);
      await page.goto(`${server.url}/${lang}/accessibility.html`);
      await page.click('footer a[href="privacy.html"]');
      await page.waitForURL(`${server.url}/${lang}/privacy.html`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.match(await page.textContent('h1'), /Tietosuojaseloste|Dataskyddsbeskrivning|Privacy notice/);
      const main = await page.textContent('main');
      for (const value of [OPERATOR.name[lang], OPERATOR.address, OPERATOR.email, OPERATOR.dpo_email]) {
        assert.ok(main.includes(value), `${value} is not on the page`);
      }
      assert.equal(await page.locator('main h2').count(), 8);
      await assertClean(page, `${lang} privacy notice`);
      await screenshot(page, `privacy-${lang}`);
      await page.close();
    });
  }

  test('the language choice page passes axe', async t => {
    const page = await openPage(browser.context);
    await page.goto(`${server.url}/index.html`);
    assert.equal(await page.locator('a[href="sv/"]').count(), 1);
    await assertClean(page, 'language choice page');
    await page.close();
  });

  test('the server sends / to a language by Accept-Language', async t => {
    const context = browser.context;
    const page = await openPage(context);
    await page.setExtraHTTPHeaders({ 'Accept-Language': 'sv-FI,sv;q=0.9,en;q=0.5' });
    await page.goto(`${server.url}/`);
    assert.match(page.url(), /\/sv\/$/);
    await page.close();
  });
});

describe('every notice in every language', () => {
  for (const form of FORMS) {
    for (const lang of LANGS) {
      test(`${form} in ${lang}: fill in, check, send, receipt`, async t => {
        const page = await openPage(browser.context);
        await gotoForm(page, server.url, lang, form);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        assert.equal(await page.textContent('h1'), translations.forms[form].title[lang]);
        await assertClean(page, `${form} ${lang} empty`);
        const untranslated = await page.$$eval('#notice-form [data-ptr]', ws => ws.filter(w => {
          const label = w.querySelector(':scope > label, :scope > legend, :scope > h2, :scope > .choice > label');
          return label && label.textContent.trim().split(' ')[0] === w.dataset.ptr.split('/').pop();
        }).map(w => w.dataset.ptr));
        assert.deepEqual(untranslated, [], 'every question has a label in translations.json');
        if (lang === 'fi') await screenshot(page, `${form}-empty`);
        await fillPlan(page, plan(form, lang));
        const recipient = recipientName(MUNICIPALITY_OF[form], lang);
        assert.match(await page.textContent('#routing'), new RegExp(recipient), 'the recipient is shown before sending');
        await assertNothingStored(page);
        await toReview(page);
        assert.match(await page.textContent('.step-review'), new RegExp(recipient));
        await assertClean(page, `${form} ${lang} review`);
        await screenshot(page, `${form}-${lang}-review`);
        const receipt = await sendAndWaitForReceipt(page);
        assert.match(receipt, RECEIPT);
        assert.match(await page.textContent('.receipt'), new RegExp(recipient));
        if (form === 'child-welfare-notification') {
          assert.match(await page.textContent('.receipt'), /\d{4}/, 'the decision due date is shown');
        }
        assert.equal(await page.$('#notice-form'), null, 'the form is removed after sending');
        await assertNothingStored(page);
        await assertClean(page, `${form} ${lang} receipt`);
        await screenshot(page, `${form}-${lang}-receipt`);
        if (form === FORMS[0] && lang === 'fi' && process.env.HUOLI_README_SCREENSHOTS === '1') {
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: path.join(readmeShots, 'receipt.png'), clip: { x: 0, y: 0, width: 1024, height: 720 } });
        }
        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.isVisible('.step-done .actions'), false, 'buttons are not printed');
        assert.equal(await page.isVisible('.receipt-code'), true);
        await page.emulateMedia({ media: 'screen' });
        await page.close();
      });
    }
  }
});

describe('errors', () => {
  test('a wrong identity-code check character is shown at the field and in the summary, then corrected', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'en', 'child-welfare-notification');
    const steps = plan('child-welfare-notification', 'en').map(s => (s[1] === '/child/personal_identity_code' ? [s[0], s[1], WRONG_HETU] : s));
    await fillPlan(page, steps);
    await page.click('#notice-form button[type=submit]');
    await page.waitForSelector('.error-summary');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'error-summary', 'focus moves to the summary');
    const expected = translations.errors.format_fi_hetu_checksum.en;
    const input = page.locator('[name="/child/personal_identity_code"]');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    const describedBy = (await input.getAttribute('aria-describedby')).split(' ');
    const messageId = describedBy.find(id => id.endsWith('-error'));
    assert.equal(await page.textContent(`#${messageId}`), expected);
    const link = page.locator('.error-summary a', { hasText: expected });
    assert.equal(await link.count(), 1);
    await assertClean(page, 'form with errors');
    await screenshot(page, 'child-welfare-notification-en-errors');
    await link.click();
    assert.equal(await page.evaluate(() => document.activeElement.name), '/child/personal_identity_code', 'the summary link focuses the field');
    await page.fill('[name="/child/personal_identity_code"]', VALID_HETU);
    await toReview(page);
    assert.match(await sendAndWaitForReceipt(page), RECEIPT);
    await page.close();
  });

  test('an error found by the server is mapped onto its field by JSON Pointer', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'fi', 'child-welfare-notification');
    await fillPlan(page, plan('child-welfare-notification', 'fi'));
    // The browser checks the code too, so the wrong one is put into the request on its way out.
    await page.route('**/api/v1/submissions/**', route => {
      const doc = JSON.parse(route.request().postData());
      doc.child.personal_identity_code = WRONG_HETU;
      return route.continue({ postData: JSON.stringify(doc) });
    });
    await toReview(page);
    await page.click('.step-review .button.primary');
    await page.waitForSelector('.step-fill:not([hidden]) .error-summary');
    assert.equal(await page.getAttribute('[name="/child/personal_identity_code"]', 'aria-invalid'), 'true');
    assert.match(await page.textContent('.error-summary'), new RegExp(translations.errors.format_fi_hetu_checksum.fi));
    await page.unroute('**/api/v1/submissions/**');
    await toReview(page);
    assert.match(await sendAndWaitForReceipt(page), RECEIPT);
    await page.close();
  });

  test('an empty form lists every required answer, each linked to its field', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'sv', 'contact-request');
    await page.click('#notice-form button[type=submit]');
    await page.waitForSelector('.error-summary');
    const links = await page.$$eval('.error-summary a', as => as.map(a => a.getAttribute('href')));
    assert.ok(links.length >= 5, `expected several errors, got ${links.length}`);
    for (const href of links) assert.ok(await page.$(href), `summary link ${href} has a target`);
    await assertClean(page, 'empty form with errors');
    await page.close();
  });

  test('with no municipality the form says the City of Helsinki receives the notice (LSL 17 §)', async () => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'en', 'child-welfare-notification');
    await page.fill('[name="/child/home_municipality"]', 'Kajaani');
    await page.fill('[name="/child/home_municipality"]', '');
    await page.waitForFunction(() => /17 §/.test(document.querySelector('#routing')?.textContent || ''));
    assert.match(await page.textContent('#routing'), /Helsinki/);
    await page.fill('[name="/child/home_municipality"]', 'Kajaani');
    await page.waitForFunction(() => !/17 §/.test(document.querySelector('#routing')?.textContent || ''));
    assert.match(await page.textContent('#routing'), /Kainuu/);
    await page.close();
  });

  test('an identity code typed into the description is noticed next to the field', async () => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'en', 'child-welfare-notification');
    const field = '[name="/reasons/description"]';
    await page.fill(field, `The sister ${VALID_HETU} was also at home.`);
    const warning = page.locator('.hetu-warning');
    await warning.waitFor();
    assert.match(await warning.textContent(), /its own field/);
    // Beside the field it is about, read out as a status.
    assert.equal(await page.$eval(field, el => el.nextElementSibling?.classList.contains('hetu-warning')), true);
    assert.equal(await warning.getAttribute('role'), 'status');
    await page.fill(field, `Not a valid code: ${WRONG_HETU}, nor a phone number 040 123 4567.`);
    assert.equal(await page.locator('.hetu-warning').count(), 0);
    await page.close();
  });

  test('another child the concern is about is a case of its own, and the receipt says who received it', async () => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'fi', 'child-welfare-notification');
    await fillPlan(page, plan('child-welfare-notification', 'fi'));
    await page.click('[data-ptr="/other_children"] > .button.secondary');
    await fillPlan(page, [['text', '/other_children/0/first_names', 'Aino'], ['text', '/other_children/0/last_name', 'Mäkinen'],
      ['text', '/other_children/0/birth_date', '21.5.2019'], ['check', '/other_children/0/same_concern'],
      ['text', '/other_children/0/home_municipality', 'Helsinki']]);
    await toReview(page);
    assert.match(await sendAndWaitForReceipt(page), RECEIPT);
    const receipt = await page.textContent('.receipt-list');
    assert.match(receipt, /Vastaanottaja: Perheen muu lapsi 1/);
    assert.ok(receipt.includes(recipientName('091', 'fi')), receipt);
    assert.ok(receipt.includes(recipientName('205', 'fi')), receipt);
    await page.close();
  });

  test('the picker routes every shared case as the server does (tests/shared/routing_cases.json)', () => {
    // The server runs the same file in tests/unit/api/routing_cases_test.cpp.
    const { cases } = JSON.parse(fs.readFileSync(path.join(here, '..', 'shared', 'routing_cases.json'), 'utf8'));
    assert.ok(cases.length >= 10);
    const munis = new Municipalities(table, 'fi');
    const subject = { 'child-welfare-notification': 'child', 'anticipatory-notification': 'expectant_parent',
      'contact-request': 'person' };
    for (const c of cases) {
      const r = munis.route(c.doc, subject[c.form]);
      assert.ok(r, c.name);
      assert.equal(r.pointer, c.expect.pointer, c.name);
      assert.equal(r.organisation, c.expect.organisation, c.name);
      assert.equal(r.aland, c.expect.refused === 'aland_outside_counties', c.name);
      assert.equal(Boolean(r.lsl17), c.expect.rule === 'lsl17_helsinki', c.name);
    }
  });

  test('an Åland municipality shows the guidance to contact Kommunernas socialtjänst and is not sent', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'sv', 'child-welfare-notification');
    const steps = plan('child-welfare-notification', 'sv').map(s => (s[1] === '/child/home_municipality' ? [s[0], s[1], 'Mariehamn'] : s));
    await fillPlan(page, steps);
    assert.match(await page.textContent('#routing'), /Kommunernas socialtjänst/);
    let posted = false;
    page.on('request', r => { if (r.method() === 'POST') posted = true; });
    await page.click('#notice-form button[type=submit]');
    await page.waitForSelector('.error-summary');
    assert.match(await page.textContent('.error-summary'), /Kommunernas socialtjänst/);
    assert.equal(posted, false);
    await page.close();
  });
});

describe('an instance serving only some organisations (queue configuration "served")', () => {
  const lapland = { fi: 'Lapin oma ilmoituslomake', sv: 'Lapplands egen blankett', en: "Lapland's own form" };
  const url = 'https://lapha.example/lastensuojeluilmoitus';
  let kainuuOnly;
  before(async () => {
    kainuuOnly = await startServer({ queues: { served: ['kainuu'], elsewhere: { lapland: { text: lapland, url } } } });
  });
  after(async () => { await kainuuOnly?.stop(); });

  for (const lang of ['fi', 'sv']) {
    test(`${lang}: picking a municipality of an organisation not served names it and where its notices go, and sends nothing`, async t => {
      const page = await openPage(browser.context);
      await gotoForm(page, kainuuOnly.url, lang, 'child-welfare-notification');
      const steps = plan('child-welfare-notification', lang).map(s => (s[1] === '/child/home_municipality' ? [s[0], s[1], 'Rovaniemi'] : s));
      await fillPlan(page, steps);
      const laplandName = table.organisations.find(o => o.id === 'lapland').name[lang];
      const routing = await page.textContent('#routing');
      assert.ok(routing.includes(laplandName), routing);
      assert.ok(routing.includes(lapland[lang]), routing);
      assert.equal(await page.getAttribute('#routing a', 'href'), url);
      let posted = false;
      page.on('request', r => { if (r.method() === 'POST') posted = true; });
      await page.click('#notice-form button[type=submit]');
      await page.waitForSelector('.error-summary');
      const summary = await page.textContent('.error-summary');
      assert.ok(summary.includes(laplandName) && summary.includes(url), summary);
      assert.equal(posted, false);
      await assertClean(page, `the not-served message (${lang})`);
      await page.close();
    });
  }

  test('a municipality of the served organisation is sent as usual', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, kainuuOnly.url, 'fi', 'child-welfare-notification');
    const steps = plan('child-welfare-notification', 'fi').map(s => (s[1] === '/child/home_municipality' ? [s[0], s[1], 'Kajaani'] : s));
    await fillPlan(page, steps);
    assert.ok((await page.textContent('#routing')).includes(recipientName('205', 'fi')));
    await toReview(page);
    assert.match(await sendAndWaitForReceipt(page), RECEIPT);
    await page.close();
  });
});

describe('what the form asks depends on the answers (schema if/then)', () => {
  test('police questions only for professionals, anonymity only for private persons', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'fi', 'child-welfare-notification');
    assert.equal(await page.isVisible('[data-ptr="/police"]'), false);
    await page.check('[name="/notifier/type"][value="professional"]');
    assert.equal(await page.isVisible('[data-ptr="/police"]'), true);
    assert.equal(await page.isVisible('[name="/notifier/anonymous"]'), false);
    assert.equal(await page.isVisible('[name="/notifier/organisation"]'), true);
    await page.check('[name="/notifier/type"][value="private_person"]');
    assert.equal(await page.isVisible('[data-ptr="/police"]'), false);
    assert.equal(await page.isVisible('[name="/notifier/anonymous"]'), true);
    assert.equal(await page.isVisible('[name="/notifier/organisation"]'), false);
    await page.check('[name="/notifier/anonymous"]');
    assert.equal(await page.isVisible('[name="/notifier/name"]'), false, 'an anonymous notifier is not asked for a name');
    await page.close();
  });

  test('a municipality can be typed in Finnish or Swedish on any page, and its county is shown', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'fi', 'child-welfare-notification');
    await page.fill('[name="/child/home_municipality"]', 'Jakobstad');
    assert.match(await page.textContent('#routing'), new RegExp(recipientName('598', 'fi')));
    await page.fill('[name="/child/residence_municipality"]', 'kajaani');
    assert.match(await page.textContent('#routing'), new RegExp(recipientName('205', 'fi')), 'the municipality of residence decides');
    await page.fill('[name="/child/home_municipality"]', 'Atlantis');
    await page.click('#notice-form button[type=submit]');
    await page.waitForSelector('.error-summary');
    assert.equal(await page.getAttribute('[name="/child/home_municipality"]', 'aria-invalid'), 'true');
    await page.close();
  });

  test('immediate danger tells the user to call 112 and leaves only the urgent assessment', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'sv', 'child-welfare-notification');
    await page.check('[name="/urgency/immediate_danger"][value="true"]');
    assert.match(await page.textContent('[data-ptr="/urgency/immediate_danger"] [role=alert]'), /112/);
    assert.equal(await page.isVisible('[name="/urgency/assessment"][value="not_urgent"]'), false);
    assert.equal(await page.isChecked('[name="/urgency/assessment"][value="urgent"]'), true);
    assert.match(await page.textContent('[data-ptr="/child/whereabouts"] label'), /obligatorisk/, 'an urgent case must say where the child is');
    await assertClean(page, 'form in immediate danger');
    await page.check('[name="/urgency/immediate_danger"][value="false"]');
    assert.equal(await page.$('[data-ptr="/urgency/immediate_danger"] [role=alert]'), null);
    assert.equal(await page.isVisible('[name="/urgency/assessment"][value="not_urgent"]'), true);
    await page.close();
  });

  test('consent, its giver and the ground without consent follow the contact type and the person', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'en', 'contact-request');
    assert.equal(await page.isVisible('[data-ptr="/consent"]'), false);
    await page.check('[name="/person/kind"][value="adult"]');
    await page.check('[name="/contact_type"][value="with_consent"]');
    assert.equal(await page.isVisible('[data-ptr="/consent"]'), true);
    assert.equal(await page.isVisible('[name="/consent/given_by"][value="guardian"]'), false, 'an adult gives consent personally');
    assert.equal(await page.isChecked('[name="/consent/given_by"][value="person"]'), true);
    assert.equal(await page.isVisible('[data-ptr="/guardians"]'), false, 'an adult has no guardians');
    await page.check('[name="/person/kind"][value="child"]');
    assert.equal(await page.isVisible('[data-ptr="/guardians"]'), true);
    await page.check('[name="/contact_type"][value="without_consent"]');
    assert.equal(await page.isVisible('[data-ptr="/consent"]'), false);
    assert.equal(await page.isVisible('[data-ptr="/ground_without_consent"]'), true);
    await page.check('[name="/contact_type"][value="joint_lsl_25a"]');
    assert.equal(await page.isVisible('[data-ptr="/present"]'), true);
    await page.close();
  });
});

describe('sending', () => {
  test('a retry after a network error and a busy server reuses the Idempotency-Key and stores once', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'fi', 'contact-request');
    await fillPlan(page, plan('contact-request', 'fi'));
    await toReview(page);
    const keys = [];
    let call = 0;
    await page.route('**/api/v1/submissions/**', route => {
      keys.push(route.request().headers()['idempotency-key']);
      call += 1;
      if (call === 1) return route.abort('connectionreset');
      if (call === 2) return route.fulfill({ status: 503, headers: { 'Retry-After': '7', 'Content-Type': 'application/problem+json' }, body: '{"status":503}' });
      return route.continue();
    });
    await page.click('.step-review .button.primary');
    await page.waitForSelector('.status.error');
    assert.match(await page.textContent('.status'), /ei tallennu kahteen kertaan/);
    await page.click('.step-review .button.primary');
    await page.waitForFunction(() => /7 sekunnin/.test(document.querySelector('.status')?.textContent || ''));
    assert.match(await page.textContent('.status'), /EI tallennettu/);
    const receipt = await sendAndWaitForReceipt(page);
    assert.match(receipt, RECEIPT);
    assert.equal(keys.length, 3);
    assert.ok(keys[0] && keys.every(k => k === keys[0]), `one key for every attempt: ${keys}`);
    await page.close();
  });

  test('leaving a half-filled form asks for confirmation', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'fi', 'child-welfare-notification');
    await page.click('[name="/child/last_name"]');
    await page.keyboard.type('Mäkinen');
    const dialog = new Promise(resolve => page.once('dialog', d => { resolve(d.type()); d.accept(); }));
    await page.close({ runBeforeUnload: true });
    assert.equal(await dialog, 'beforeunload');
  });

  test('works at 200 % zoom without horizontal scrolling', async t => {
    const page = await openPage(browser.context);
    await page.setViewportSize({ width: 512, height: 700 }); // a 1024 px wide window at 200 %
    for (const url of ['/fi/', '/sv/child-welfare-notification.html']) {
      await page.goto(server.url + url);
      await page.waitForLoadState('networkidle');
      const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(scroll <= width, `${url}: page is ${scroll}px wide in a ${width}px window`);
    }
    await page.close();
  });
});

describe('keyboard only', () => {
  test('a child welfare notification can be filled in and sent with the keyboard alone', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'fi', 'child-welfare-notification');
    const todo = new Map(plan('child-welfare-notification', 'fi').map(([action, ptr, value]) => [ptr + (action === 'check' ? value : ''), [action, value]]));
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      const options = el.tagName === 'SELECT' ? [...el.options].map(o => o.value) : null;
      return { tag: el.tagName, type: el.type, name: el.name || '', value: el.value, text: el.textContent, options };
    });
    let submitted = false;
    for (let i = 0; i < 400 && !submitted; i++) {
      await page.keyboard.press('Tab');
      const el = await focused();
      if (el.tag === 'BUTTON' && el.type === 'submit') {
        assert.equal(todo.size, 0, `not reached by Tab: ${[...todo.keys()]}`);
        await page.keyboard.press('Enter');
        submitted = true;
        break;
      }
      const key = el.type === 'checkbox' ? el.name + el.value : el.name;
      const step = todo.get(key);
      if (!step) continue;
      todo.delete(key);
      const [action, value] = step;
      if (action === 'text') await page.keyboard.type(value);
      else if (action === 'check') await page.keyboard.press('Space');
      else if (action === 'select') {
        for (let n = el.options.indexOf(value); n > 0; n--) await page.keyboard.press('ArrowDown');
      } else if (action === 'choose') {
        // Tab enters an unanswered radio group at its first button; the arrows move and select.
        const values = await page.$$eval(`[name="${el.name}"]`, rs => rs.filter(r => r.offsetParent).map(r => r.value));
        const n = values.indexOf(value);
        if (n === 0) await page.keyboard.press('Space');
        for (let k = 0; k < n; k++) await page.keyboard.press('ArrowDown');
      }
    }
    assert.ok(submitted, 'the continue button was reached');
    await page.waitForSelector('.step-review:not([hidden]) h2');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H2', 'focus moves to the check step');
    let sent = false;
    for (let i = 0; i < 200 && !sent; i++) {
      await page.keyboard.press('Tab');
      const el = await focused();
      if (el.tag === 'BUTTON' && el.text === (await page.textContent('.step-review .button.primary'))) {
        await page.keyboard.press('Enter');
        sent = true;
      }
    }
    assert.ok(sent, 'the send button was reached');
    await page.waitForSelector('.receipt-code');
    assert.match((await page.textContent('.receipt-code')).trim(), RECEIPT);
    await assertClean(page, 'receipt after keyboard-only use');
    await screenshot(page, 'child-welfare-notification-fi-receipt-keyboard');
    await page.close();
  });
});

describe('README screenshots', () => {
  test('the committed screenshots are small PNGs', async t => {
    if (process.env.HUOLI_README_SCREENSHOTS === '1' && server) {
      const page = await openPage(browser.context);
      await gotoForm(page, server.url, 'fi', 'child-welfare-notification');
      await fillPlan(page, plan('child-welfare-notification', 'fi').slice(0, 2));
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(readmeShots, 'form.png'), clip: { x: 0, y: 0, width: 1024, height: 720 } });
      await page.close();
    }
    for (const name of ['landing.png', 'form.png', 'receipt.png']) {
      const file = path.join(readmeShots, name);
      if (!fs.existsSync(file)) { t.diagnostic(`${name} not made yet (run with HUOLI_README_SCREENSHOTS=1)`); continue; }
      const bytes = fs.readFileSync(file);
      assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
      assert.ok(bytes.length <= 150 * 1024, `${name} is ${bytes.length} bytes`);
    }
  });
});

describe('intake queue', () => {
  // What the browser sent must be what the receiving county gets: found by its receipt code in the
  // county's queue through the internal API (mutual TLS, kainuu-intake's development certificate).
  test('a sent notice appears, intact, in the receiving organisation’s intake queue', async t => {
    // The one skip: HUOLI_BASE_URL (a server someone else started, by hand) has no internal listener and client
    // certificates known to the test. ctest never sets it, so in CI this test always runs.
    if (!server.internalUrl) { t.skip('HUOLI_BASE_URL: no internal listener to ask'); return; }
    const form = 'child-welfare-notification';
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'fi', form);
    await fillPlan(page, plan(form, 'fi'));
    await toReview(page);
    const receipt = await sendAndWaitForReceipt(page);
    await page.close();

    const client = {
      ca: fs.readFileSync(path.join(server.certs, 'ca.pem')),
      cert: fs.readFileSync(path.join(server.certs, 'clients', 'kainuu-intake.pem')),
      key: fs.readFileSync(path.join(server.certs, 'clients', 'kainuu-intake.key')),
    };
    const listing = await internalGet(`${server.internalUrl}/api/v1/queues/kainuu-children/items?limit=100`, client);
    assert.equal(listing.status, 200);
    const item = listing.body.items.find(i => i.receipt === receipt);
    assert.ok(item, `receipt ${receipt} is in kainuu-children`);
    assert.equal(JSON.stringify(item).includes(VALID_HETU), false, 'the listing carries no personal data');

    const full = await internalGet(`${server.internalUrl}/api/v1/items/${item.id}`, client);
    assert.equal(full.status, 200);
    assert.equal(full.body.organisation, 'kainuu');
    assert.equal(full.body.form, form);
    assert.equal(full.body.submission.child.personal_identity_code, VALID_HETU, 'the identity code arrived as typed');
    assert.equal(full.body.submission.child.home_municipality, MUNICIPALITY_OF[form]);
  });
});

async function internalGet(url, tls) {
  const https = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = https.request(url, { ...tls, method: 'GET' }, res => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', chunk => { data += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, body: data ? JSON.parse(data) : null }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('repeated groups', () => {
  test('guardians can be added and removed, and the rest keep their answers', async t => {
    const page = await openPage(browser.context);
    await gotoForm(page, server.url, 'fi', 'child-welfare-notification');
    await fillPlan(page, plan('child-welfare-notification', 'fi'));
    const add = page.locator('[data-ptr="/guardians"] > .button.secondary');
    await add.click();
    assert.equal(await page.evaluate(() => document.activeElement.name), '/guardians/0/last_name', 'focus goes to the new group');
    await page.fill('[name="/guardians/0/last_name"]', 'Ensimmäinen');
    await add.click();
    await page.fill('[name="/guardians/1/last_name"]', 'Mäkinen');
    await page.check('[name="/guardians/1/relationship"][value="mother"]');
    await page.click('#notice-form button[type=submit]');
    await page.waitForSelector('.error-summary');
    assert.equal(await page.getAttribute('[name="/guardians/0/relationship"][value="mother"]', 'aria-invalid'), 'true',
      'a guardian needs a relationship');
    await page.click('[data-ptr="/guardians/0"] > .button.link');
    assert.equal(await page.inputValue('[name="/guardians/0/last_name"]'), 'Mäkinen');
    assert.equal(await page.isChecked('[name="/guardians/0/relationship"][value="mother"]'), true);
    assert.equal(await page.$('[name="/guardians/1/last_name"]'), null);
    await toReview(page);
    assert.match(await page.textContent('.step-review'), /Mäkinen/);
    assert.match(await sendAndWaitForReceipt(page), RECEIPT);
    await page.close();
  });
});
