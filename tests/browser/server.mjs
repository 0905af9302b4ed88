// Starts a real huoli-server for the browser tests, like tests/integration/harness.py: development
// certificates from certs/make-dev-certs.sh in a temporary folder, a configuration with free loopback
// ports and a temporary data_dir, `/healthz` polled until ready, SIGTERM to stop.
//
// Environment:
//   HUOLI_SERVER      the huoli-server binary (ctest sets it; else the newest build/*/server/huoli-server)
//   HUOLI_SOURCE_DIR  the source tree (default: two folders up from this file)
//   HUOLI_BASE_URL    use an already running server instead (e.g. https://127.0.0.1:8443); nothing is started
//   HUOLI_KEEP_TMP=1  keep the temporary folder (configuration, server output) for inspection
//   HUOLI_TEST_DATE   YYYY-MM-DD: run the server (and the browser's clock) on that day, 10:00 in Helsinki when the
//                     tests start, as tests/integration/harness.py does; needs HUOLI_CLOCK_SHIFT_LIBRARY
//                     (tests/clock_shift's libhuoli_clock_shift.so)
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = path.resolve(process.env.HUOLI_SOURCE_DIR || path.join(here, '..', '..'));

function serverBinary() {
  if (process.env.HUOLI_SERVER) return process.env.HUOLI_SERVER;
  const build = path.join(sourceDir, 'build');
  const found = fs.existsSync(build) ? fs.readdirSync(build)
    .map(d => path.join(build, d, 'server', 'huoli-server')).filter(f => fs.existsSync(f)) : [];
  found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return found[0] || null;
}

// ---- the server's clock: this machine's unless HUOLI_TEST_DATE asks for another day ----

const testDate = process.env.HUOLI_TEST_DATE || null;
const clockShiftLibrary = process.env.HUOLI_CLOCK_SHIFT_LIBRARY || null;

function helsinkiHour(ms) {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', hour: '2-digit', hourCycle: 'h23' })
    .format(new Date(ms)));
}

function clockOffsetSeconds() {
  if (!testDate) return 0;
  if (!clockShiftLibrary || !fs.existsSync(clockShiftLibrary)) {
    throw new Error(`HUOLI_TEST_DATE=${testDate} needs HUOLI_CLOCK_SHIFT_LIBRARY, the built libhuoli_clock_shift.so`);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(testDate);
  if (!m) throw new Error(`HUOLI_TEST_DATE must be YYYY-MM-DD, not ${testDate}`);
  // 10:00 in Helsinki (UTC+2 or, in summer, UTC+3): the Helsinki date stays that day longer than any run.
  const start = [2, 3].map(h => Date.UTC(+m[1], +m[2] - 1, +m[3], 10 - h)).find(t => helsinkiHour(t) === 10);
  return Math.round((start - Date.now()) / 1000);
}

export const clockOffset = clockOffsetSeconds();

// The server's wall clock now: what "today" is for the forms' date rules and the dates the tests type.
export function serverNow() {
  return new Date(Date.now() + clockOffset * 1000);
}

function clockEnvironment(offset = clockOffset) {
  if (!testDate) return {};
  const preload = [process.env.LD_PRELOAD, clockShiftLibrary].filter(Boolean).join(' ');
  return { LD_PRELOAD: preload, HUOLI_TEST_CLOCK_OFFSET_SECONDS: String(offset) };
}

// Certificates valid on both days: made a day before the earlier one, valid five years after the later one.
function certificateEnvironment() {
  if (!testDate) return {};
  const env = { HUOLI_DEV_CERT_DAYS: String(1825 + Math.floor(Math.abs(clockOffset) / 86400) + 2) };
  return clockOffset < 0 ? { ...env, ...clockEnvironment(clockOffset - 86400) } : env;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function healthy(url) {
  return new Promise(resolve => {
    const req = https.get(`${url}/healthz`, { rejectUnauthorized: false, timeout: 1000 }, res => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

// The operator's details the test server is configured with.
export const OPERATOR = {
  name: { fi: 'Selaintestin hyvinvointialue', sv: 'Webbläsartestets välfärdsområde', en: 'Browser Test Wellbeing County' },
  address: 'PL 1, 00099 Testilä',
  email: 'kirjaamo@browser-test.example',
  dpo_email: 'tietosuoja@browser-test.example',
  feedback_email: 'palaute@browser-test.example',
};

// Returns { url, stop() }; throws when there is no server binary to run (a test without a server proves nothing).
// `queues`: the configuration's "queues" section (e.g. { served: ['kainuu'] }); the development principals then keep
// only the queues of served organisations (`served`), since a principal may not hold a queue that does not exist.
// A server with its own queue configuration is always started here, even with HUOLI_BASE_URL.
export async function startServer({ queues } = {}) {
  if (process.env.HUOLI_BASE_URL && !queues) return { url: process.env.HUOLI_BASE_URL.replace(/\/$/, ''), stop: async () => {} };
  const binary = serverBinary();
  if (!binary || !fs.existsSync(binary)) {
    throw new Error(`no huoli-server binary (${binary || 'none under build/'}): set HUOLI_SERVER (ctest does) or build huoli-server`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huoli-browser-'));
  const certs = path.join(tmp, 'certs');
  execFileSync('bash', [path.join(sourceDir, 'certs', 'make-dev-certs.sh'), certs],
    { stdio: 'ignore', env: { ...process.env, ...certificateEnvironment() } });
  const [publicPort, internalPort] = [await freePort(), await freePort()];
  const config = {
    data_dir: path.join(tmp, 'data'),
    forms_dir: path.join(sourceDir, 'forms'),
    schema_dir: path.join(sourceDir, 'schema'),
    routing_dir: path.join(sourceDir, 'server', 'routing', 'data'),
    listeners: {
      public: { address: '127.0.0.1', port: publicPort, certificate: path.join(certs, 'server.pem'), private_key: path.join(certs, 'server.key') },
      internal: { address: '127.0.0.1', port: internalPort, certificate: path.join(certs, 'server.pem'),
        private_key: path.join(certs, 'server.key'), client_ca: path.join(certs, 'ca.pem') },
    },
    // One browser loads a dozen files per page, many pages a minute: the per-address limit is not under test here.
    limits: { rate_per_minute: 100000, rate_burst: 10000 },
    principals: JSON.parse(fs.readFileSync(path.join(certs, 'principals.json'), 'utf8'))
      .map(p => (queues?.served ? { ...p, queues: p.queues.filter(q => queues.served.some(o => q.startsWith(`${o}-`))) } : p)),
    audit: {
      signing_key: path.join(certs, 'audit-signing.key'),
      // The checkpoint origin is the key's name: the first field of its vkey.
      origin: fs.readFileSync(path.join(certs, 'audit-signing.vkey'), 'utf8').trim().split('+')[0],
    },
    // Printed into the privacy notice and the accessibility statement (forms.test.mjs looks for them).
    operator: OPERATOR,
    ...(queues ? { queues } : {}),
  };
  fs.mkdirSync(config.data_dir);
  const configFile = path.join(tmp, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const log = fs.openSync(path.join(tmp, 'server.log'), 'w');
  const child = spawn(binary, ['--config', configFile], {
    env: { ...process.env, ...clockEnvironment(), HUOLI_SOURCE_DIR: sourceDir }, stdio: ['ignore', log, log] });
  const url = `https://127.0.0.1:${publicPort}`;
  const exited = new Promise(resolve => child.once('exit', code => resolve(code)));
  let ready = false;
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    if (await healthy(url)) { ready = true; break; }
    await new Promise(r => setTimeout(r, 100));
  }
  const cleanup = () => { if (process.env.HUOLI_KEEP_TMP !== '1') fs.rmSync(tmp, { recursive: true, force: true }); };
  // ld.so ignores a preload it cannot open with only a warning: check that the server really has it.
  const unshifted = ready && testDate && !fs.readFileSync(`/proc/${child.pid}/maps`, 'utf8').includes(fs.realpathSync(clockShiftLibrary));
  if (!ready || unshifted) {
    child.kill('SIGKILL');
    const out = fs.readFileSync(path.join(tmp, 'server.log'), 'utf8');
    cleanup();
    throw new Error(`huoli-server ${unshifted ? 'runs without ' + clockShiftLibrary : 'did not become ready'}:\n${out}`);
  }
  return {
    url,
    tmp,
    certs,
    internalUrl: `https://127.0.0.1:${internalPort}`,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      fs.closeSync(log);
      cleanup();
      if (code !== 0) throw new Error(`huoli-server exited with ${code} after SIGTERM`);
    },
  };
}
