// Debian's Chromium driven by playwright-core, axe-core checks, and the notices the tests fill in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { clockOffset, serverNow } from './server.mjs';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const screenshotDir = process.env.HUOLI_SCREENSHOT_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'huoli-shots-'));
fs.mkdirSync(screenshotDir, { recursive: true });

// The machine has no internet: without these flags Chromium waits for network services at start-up.
export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huoli-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.HUOLI_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    viewport: { width: 1024, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // On the server's day (HUOLI_TEST_DATE): the forms check dates against the browser's clock too. The clock runs on.
  if (clockOffset !== 0) await context.clock.install({ time: serverNow() });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// A page that fails the test on any script error or Content-Security-Policy violation.
export async function openPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', m => {
    if (m.type() === 'error' && !/status of (404|422|503|429)/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  return page;
}

export async function gotoForm(page, base, lang, form) {
  await page.goto(`${base}/${lang}/${form}.html`);
  await page.waitForSelector('body.ready #notice-form', { timeout: 15000 });
}

// All axe-core rules (WCAG 2.0/2.1 A and AA plus best practices); returns readable violations.
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

export async function screenshot(page, name, options = {}) {
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, ...options });
  return file;
}

// ---- the notices ----

export const LANGS = ['fi', 'sv', 'en'];
export const FORMS = ['child-welfare-notification', 'anticipatory-notification', 'contact-request'];

const MUNICIPALITY = {
  fi: { kajaani: 'Kajaani', espoo: 'Espoo', rovaniemi: 'Rovaniemi', mariehamn: 'Maarianhamina' },
  sv: { kajaani: 'Kajana', espoo: 'Esbo', rovaniemi: 'Rovaniemi', mariehamn: 'Mariehamn' },
  en: { kajaani: 'Kajaani', espoo: 'Espoo', rovaniemi: 'Rovaniemi', mariehamn: 'Maarianhamina' },
};

// A day relative to the server's today (HUOLI_TEST_DATE may have moved it), as a Finn types it.
function finnishDate(offsetDays) {
  const d = new Date(serverNow().getTime() + offsetDays * 86400000);
  const [y, m, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(d).split('-');
  return `${Number(day)}.${Number(m)}.${y}`;
}

export const VALID_HETU = '140315A915U';
export const WRONG_HETU = '140315A915V';

// What a user does, step by step, in document order: [action, JSON Pointer, value].
// choose = radio button, check = checkbox (value for a group of them), select = drop-down, text = typing.
export function plan(form, lang) {
  const m = MUNICIPALITY[lang];
  const description = 'Oppilas on ollut poissa koulusta 46 päivää syyslukukaudella, ja kotiin ei saada yhteyttä.';
  if (form === 'child-welfare-notification') {
    return [
      ['choose', '/urgency/immediate_danger', 'false'], ['choose', '/urgency/assessment', 'not_urgent'],
      ['choose', '/notifier/type', 'professional'], ['select', '/notifier/sector', 'education'],
      ['text', '/notifier/name', 'Leena Heikkinen'], ['text', '/notifier/title', 'luokanopettaja'],
      ['text', '/notifier/organisation', 'Kajaanin kaupunki, Lehtolan koulu'], ['text', '/notifier/phone', '040 123 4567'],
      ['text', '/child/last_name', 'Mäkinen'], ['text', '/child/first_names', 'Eetu Olavi'],
      ['text', '/child/personal_identity_code', VALID_HETU], ['text', '/child/home_municipality', m.kajaani],
      ['check', '/reasons/categories', 'neglect_of_schooling'], ['text', '/reasons/description', description],
      ['choose', '/reasons/source', 'first_hand'],
      ['choose', '/informed/child/told', 'yes'], ['choose', '/informed/guardian/told', 'no'],
      ['text', '/informed/guardian/why_not', 'Huoltajia ei ole tavoitettu.'],
      ['choose', '/police/suspected_offence', 'false'],
    ];
  }
  if (form === 'anticipatory-notification') {
    return [
      ['choose', '/urgency/immediate_danger', 'false'], ['choose', '/urgency/assessment', 'urgent'],
      ['choose', '/notifier/type', 'private_person'], ['check', '/notifier/anonymous'],
      ['text', '/expectant_parent/last_name', 'Lindberg'], ['text', '/expectant_parent/first_names', 'Sara Linnea'],
      ['text', '/expectant_parent/birth_date', '11.2.1996'], ['text', '/expectant_parent/home_municipality', m.espoo],
      ['text', '/due_date', finnishDate(60)], ['check', '/grounds', 'violence'],
      ['text', '/description', 'Den blivande modern har vid två besök haft blåmärken och berättar om våld i hemmet.'],
      ['choose', '/informed/expectant_parent/told', 'no'],
      ['text', '/informed/expectant_parent/why_not', 'Det kan äventyra hennes säkerhet.'],
    ];
  }
  return [
    ['choose', '/urgency/immediate_danger', 'false'], ['choose', '/urgency/assessment', 'not_urgent'],
    ['choose', '/notifier/type', 'professional'], ['select', '/notifier/sector', 'kela'],
    ['text', '/notifier/name', 'Outi Kemppainen'], ['text', '/notifier/title', 'etuuskäsittelijä'],
    ['text', '/notifier/organisation', 'Kela, Rovaniemen palvelupiste'], ['text', '/notifier/phone', '020 692 000'],
    ['choose', '/person/kind', 'adult'], ['text', '/person/last_name', 'Hirvonen'], ['text', '/person/first_names', 'Kalevi'],
    ['text', '/person/birth_date', '8.9.1967'], ['text', '/person/home_municipality', m.rovaniemi],
    ['choose', '/contact_type', 'with_consent'], ['choose', '/consent/how', 'oral'], ['text', '/consent/date', finnishDate(0)],
    ['check', '/support_needs', 'financial'],
    ['text', '/description', 'Asiakkaalla on vuokrarästejä neljältä kuukaudelta ja häätö uhkaa joulukuussa.'],
  ];
}

export const MUNICIPALITY_OF = { 'child-welfare-notification': '205', 'anticipatory-notification': '049', 'contact-request': '698' };

const sel = (ptr, value) => `[name="${ptr}"]${value === undefined ? '' : `[value="${value}"]`}`;

// Fills the form with the mouse-and-keyboard helpers of Playwright (the keyboard-only test is separate).
export async function fillPlan(page, steps) {
  for (const [action, ptr, value] of steps) {
    if (action === 'choose' || action === 'check') await page.check(sel(ptr, value));
    else if (action === 'select') await page.selectOption(sel(ptr), value);
    else {
      await page.fill(sel(ptr), value);
      await page.dispatchEvent(sel(ptr), 'change');
    }
  }
}
