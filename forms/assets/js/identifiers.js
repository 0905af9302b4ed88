// Client-side mirrors of the server's format checks (server/identifiers, server/forms/format_checks.cpp).
// The server has the last word; these only let the user fix a typo before sending.

const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
// Century signs: '+' 1800s, '-' and Y X W V U 1900s, A–F 2000s (VN asetus 8.7.2022, from 1.1.2023).
const HETU_CENTURY = { '+': 1800, '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900,
  A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000 };
const HETU_SHAPE = /^[0-9]{6}[-+YXWVUABCDEF][0-9]{3}[0-9A-FHJ-NPR-Y]$/;

function isoDate(y, m, d) {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (y < 1 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// Henkilötunnus. Returns { error: '' | 'format' | 'date' | 'checksum', birthDate }.
export function checkHetu(code) {
  if (!HETU_SHAPE.test(code)) return { error: 'format' };
  const individual = code.slice(7, 10);
  if (individual === '000' || individual === '001') return { error: 'format' };
  const year = HETU_CENTURY[code[6]] + Number(code.slice(4, 6));
  const birthDate = isoDate(year, Number(code.slice(2, 4)), Number(code.slice(0, 2)));
  if (!birthDate) return { error: 'date' };
  const n = Number(code.slice(0, 6) + individual);
  if (HETU_CHECK[n % 31] !== code[10]) return { error: 'checksum' };
  return { error: '', birthDate };
}

// Valid identity codes written inside a free text, as whole words; the server adds them to the
// notice's data subjects either way (server/api/notice_fields.cpp), this lets the form ask the notifier to
// put them in their own field.
export function findHetusInText(text) {
  const found = [];
  for (const m of String(text).matchAll(/(?<![0-9A-Za-z])[0-9]{6}[-+YXWVUABCDEF][0-9]{3}[0-9A-Y](?![0-9A-Za-z])/g)) {
    if (!checkHetu(m[0]).error && !found.includes(m[0])) found.push(m[0]);
  }
  return found;
}

// Y-tunnus: weights 7 9 10 5 8 4 2, modulus 11; remainder 1 is never issued.
export function validBusinessId(id) {
  if (!/^[0-9]{7}-[0-9]$/.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2];
  const r = w.reduce((s, x, i) => s + x * Number(id[i]), 0) % 11;
  if (r === 1) return false;
  return Number(id[8]) === (r === 0 ? 0 : 11 - r);
}

// Same acceptance as the server's fallback when libphonenumber is absent; the server may be stricter.
export function plausiblePhone(text) {
  let digits = '';
  let plus = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (c >= '0' && c <= '9') digits += c;
    else if (c === '+' && i === 0) plus = true;
    else if (!' -().'.includes(c) && c !== '/') return false;
  }
  let e164;
  if (plus) e164 = digits;
  else if (digits.startsWith('00') && digits.length > 2) e164 = digits.slice(2);
  else if (digits.startsWith('0') && digits.length > 1) e164 = '358' + digits.slice(1);
  else return false;
  return e164.length >= 7 && e164.length <= 15 && e164[0] !== '0';
}

export function plausibleEmail(text) {
  if (text.length > 254) return false;
  const at = text.indexOf('@');
  if (at < 1 || text.indexOf('@', at + 1) !== -1) return false;
  const local = text.slice(0, at);
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  if (/[\s"(),:;<>@[\\\]\u007f]/u.test(local)) return false;
  const labels = text.slice(at + 1).split('.');
  if (labels.length < 2) return false;
  for (const l of labels) {
    if (!l || l.length > 63 || l.startsWith('-') || l.endsWith('-') || !/^[\p{L}\p{N}-]+$/u.test(l)) return false;
  }
  return /^\p{L}{2,}$/u.test(labels[labels.length - 1]);
}

// Accepts the Finnish way of writing a date (23.11.2026, 1.2.2026) as well as ISO 8601; returns ISO or null.
export function parseDate(text) {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

export function formatDate(iso, lang) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return iso || '';
  const [, y, mo, d] = m;
  return lang === 'en' ? `${Number(d)} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][mo - 1]} ${y}`
    : `${Number(d)}.${Number(mo)}.${y}`;
}

// "Today" as the server sees it: the calendar date in Helsinki.
export function helsinkiToday(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now);
}
