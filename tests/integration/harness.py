"""Black-box harness for the Huoli server integration tests (Python 3 standard library only).

Each test starts its own `huoli-server --config FILE` on free loopback ports with development certificates
made by certs/make-dev-certs.sh in a temporary folder, talks to it over real TLS, and stops it with SIGTERM,
asserting exit code 0.

Environment:
  HUOLI_SERVER      path of the huoli-server binary (falls back to the newest build/*/server/huoli-server)
  HUOLI_SOURCE_DIR  the source tree (falls back to ../.. from this file)
  HUOLI_KEEP_TMP=1  keep the temporary folders (server stderr, configuration) for inspection
  HUOLI_TEST_DATE   YYYY-MM-DD: run every server "on" that day, 10:00 in Helsinki when the tests start
                    (ctest's integration.on.<date> entries); needs HUOLI_CLOCK_SHIFT_LIBRARY
  HUOLI_CLOCK_SHIFT_LIBRARY  tests/clock_shift's libhuoli_clock_shift.so (ctest sets it), preloaded into the
                    server with the offset in HUOLI_TEST_CLOCK_OFFSET_SECONDS; CLOCK_MONOTONIC is left alone

Anything a test compares with the server's clock (received_at, due dates, lease expiry, dates in the notices it
sends) comes from server_time() / server_today() below, never from Python's own clock: with HUOLI_TEST_DATE the
two differ by the offset, and the same tests must pass on any day.

Requests are written by hand (`Http`) rather than with http.client so that the request target reaches the
server byte for byte (no normalisation) and interim responses such as `100 Continue` are visible.
"""
import atexit
import ctypes
import datetime
import glob
import hashlib
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.abspath(os.environ.get("HUOLI_SOURCE_DIR") or os.path.join(HERE, "..", ".."))
HOST = "127.0.0.1"
SERVER_NAME = "localhost"  # the dev server certificate's DNS SAN
KEEP_TMP = os.environ.get("HUOLI_KEEP_TMP") == "1"

_live_processes = set()

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
TEST_DATE = os.environ.get("HUOLI_TEST_DATE") or None
CLOCK_SHIFT_LIBRARY = os.environ.get("HUOLI_CLOCK_SHIFT_LIBRARY") or None


def _clock_offset_seconds():
    """Whole seconds from this machine's clock to the servers' clock: 0 unless HUOLI_TEST_DATE asks for a day.

    10:00 in Helsinki, so that the servers' Helsinki date stays that day for 14 hours, longer than any run. A
    request for another day without the library fails here: the tests must never quietly run on today's.
    """
    if TEST_DATE is None:
        return 0
    if not CLOCK_SHIFT_LIBRARY or not os.path.isfile(CLOCK_SHIFT_LIBRARY):
        raise RuntimeError(f"HUOLI_TEST_DATE={TEST_DATE} needs HUOLI_CLOCK_SHIFT_LIBRARY, the built "
                           f"libhuoli_clock_shift.so (ctest sets it); got {CLOCK_SHIFT_LIBRARY!r}")
    start = datetime.datetime.combine(datetime.date.fromisoformat(TEST_DATE), datetime.time(10), HELSINKI)
    return round(start.timestamp() - time.time())


CLOCK_OFFSET_SECONDS = _clock_offset_seconds()


def server_time():
    """The servers' wall clock now, as a POSIX timestamp (this machine's clock plus the test offset)."""
    return time.time() + CLOCK_OFFSET_SECONDS


def server_now():
    """The servers' wall clock now, as an aware UTC datetime."""
    return datetime.datetime.fromtimestamp(server_time(), datetime.timezone.utc)


def server_today():
    """The servers' calendar day in Europe/Helsinki: the "today" of the date rules and the statutory clocks."""
    return server_now().astimezone(HELSINKI).date()


def _clock_environment(offset=None):
    """What a process's environment needs to run on the servers' clock (nothing when it is this machine's)."""
    if TEST_DATE is None:
        return {}
    preload = " ".join(p for p in (os.environ.get("LD_PRELOAD"), CLOCK_SHIFT_LIBRARY) if p)
    offset = CLOCK_OFFSET_SECONDS if offset is None else offset
    return {"LD_PRELOAD": preload, "HUOLI_TEST_CLOCK_OFFSET_SECONDS": str(offset)}


def _kill_leftovers():
    for proc in list(_live_processes):
        if proc.poll() is None:
            proc.kill()
            proc.wait()


atexit.register(_kill_leftovers)


def server_binary():
    path = os.environ.get("HUOLI_SERVER")
    if path:
        return path
    candidates = glob.glob(os.path.join(SOURCE_DIR, "build", "*", "server", "huoli-server"))
    if not candidates:
        raise AssertionError("no server binary: set HUOLI_SERVER (ctest does) or build huoli-server")
    path = max(candidates, key=os.path.getmtime)
    print(f"harness: HUOLI_SERVER not set, using {path}", file=sys.stderr)
    return path


def _tmpdir(prefix):
    path = tempfile.mkdtemp(prefix=prefix)
    if not KEEP_TMP:
        atexit.register(shutil.rmtree, path, True)
    return path


def _certificate_clock_environment():
    """With HUOLI_TEST_DATE, certificates valid on both days: this machine's (Python checks the server's
    certificate) and the servers' (which check the clients'). Made a day before the earlier of the two (under
    the clock shift when that is the servers' day), valid five years after the later one."""
    if TEST_DATE is None:
        return {}
    env = {"HUOLI_DEV_CERT_DAYS": str(1825 + abs(CLOCK_OFFSET_SECONDS) // 86400 + 2)}
    if CLOCK_OFFSET_SECONDS < 0:
        env.update(_clock_environment(CLOCK_OFFSET_SECONDS - 86400))
    return env


class Certs:
    """The files certs/make-dev-certs.sh writes, made once per test process."""

    _instance = None

    def __init__(self, outdir):
        self.dir = outdir
        self.ca = os.path.join(outdir, "ca.pem")
        self.server_cert = os.path.join(outdir, "server.pem")
        self.server_key = os.path.join(outdir, "server.key")
        self.other_ca = os.path.join(outdir, "other-ca.pem")
        self.audit_key = os.path.join(outdir, "audit-signing.key")
        self.audit_vkey = os.path.join(outdir, "audit-signing.vkey")
        with open(self.audit_vkey, encoding="utf-8") as f:
            self.audit_origin = f.read().strip().split("+")[0]  # the vkey starts with the key name
        with open(os.path.join(outdir, "principals.json"), encoding="utf-8") as f:
            self.principals = json.load(f)

    def client(self, name):
        return (os.path.join(self.dir, "clients", name + ".pem"), os.path.join(self.dir, "clients", name + ".key"))

    def fingerprint(self, name):
        out = subprocess.run(["openssl", "x509", "-in", self.client(name)[0], "-outform", "DER"],
                             check=True, capture_output=True).stdout
        return hashlib.sha256(out).hexdigest()

    @classmethod
    def get(cls):
        if cls._instance is None:
            outdir = os.path.join(_tmpdir("huoli-certs-"), "dev")
            script = os.path.join(SOURCE_DIR, "certs", "make-dev-certs.sh")
            subprocess.run(["bash", script, outdir], check=True, stdout=subprocess.DEVNULL,
                           env={**os.environ, **_certificate_clock_environment()})
            cls._instance = cls(outdir)
        return cls._instance


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def client_context(client=None, minimum=None, maximum=None, ciphers=None):
    """A verifying TLS client context trusting the dev CA, optionally presenting clients/<client>.pem."""
    certs = Certs.get()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(certs.ca)
    if client:
        ctx.load_cert_chain(*certs.client(client))
    if minimum:
        ctx.minimum_version = minimum
    if maximum:
        ctx.maximum_version = maximum
    if ciphers:
        ctx.set_ciphers(ciphers)
    return ctx


def tls_connect(port, ctx=None, timeout=5.0, session=None):
    raw = socket.create_connection((HOST, port), timeout=timeout)
    try:
        return (ctx or client_context()).wrap_socket(raw, server_hostname=SERVER_NAME, session=session)
    except BaseException:
        raw.close()
        raise


class ConnectionClosed(ConnectionError):
    """The server closed the connection before a complete response."""


class Response:
    def __init__(self, status, reason, headers, body, head):
        self.status, self.reason, self.headers, self.body, self.head = status, reason, headers, body, head

    def __iter__(self):  # status, headers, body = response
        return iter((self.status, self.headers, self.body))

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    def media_type(self):
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return f"<Response {self.status} {self.headers} {self.body[:300]!r}>"


class Http:
    """HTTP/1.1 over one (TLS) socket, written by hand."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def send_request(self, method, target, headers=None, body=b""):
        if isinstance(target, str):
            target = target.encode("latin-1")
        lines = [method.encode() + b" " + target + b" HTTP/1.1"]
        hdrs = {"Host": SERVER_NAME}
        if body:
            hdrs["Content-Length"] = str(len(body))
        hdrs.update(headers or {})
        for k, v in hdrs.items():
            if v is not None:
                lines.append(f"{k}: {v}".encode("latin-1"))
        self.send(b"\r\n".join(lines) + b"\r\n\r\n" + (body or b""))

    def request(self, method, target, headers=None, body=b"", timeout=5.0):
        self.send_request(method, target, headers, body)
        return self.read_response(head_only=(method == "HEAD"), timeout=timeout)

    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise socket.timeout("no complete response in time")
        self.sock.settimeout(remaining)
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionClosed("server closed the connection")
        self.buf += chunk

    def _take_line(self, deadline):
        while b"\r\n" not in self.buf:
            self._fill(deadline)
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _take(self, n, deadline):
        while len(self.buf) < n:
            self._fill(deadline)
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_response(self, head_only=False, timeout=5.0):
        """Reads one response, interim (1xx) ones included; raises ConnectionClosed if none arrives whole."""
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buf:
            self._fill(deadline)
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        version, status, *reason = status_line.split(" ", 2)
        if not version.startswith("HTTP/1."):
            raise AssertionError(f"not an HTTP response: {status_line!r}")
        status = int(status)
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            key = name.strip().lower()
            headers[key] = headers[key] + ", " + value.strip() if key in headers else value.strip()
        body = b""
        if head_only or status < 200 or status in (204, 304):
            pass
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            while True:
                size = int(self._take_line(deadline).split(b";")[0], 16)
                if size == 0:
                    while self._take_line(deadline):
                        pass
                    break
                body += self._take(size, deadline)
                self._take(2, deadline)
        elif "content-length" in headers:
            body = self._take(int(headers["content-length"]), deadline)
        else:
            try:
                while True:
                    self._fill(deadline)
            except ConnectionClosed:
                body, self.buf = self.buf, b""
        return Response(status, reason[0] if reason else "", headers, body, head)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def closed_without_response(sock, request=b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", timeout=5.0):
    """True if the server ends the connection (alert, reset or EOF) without sending any HTTP response.

    Under TLS 1.3 the client finishes its handshake before the server has checked the client certificate, so
    a refusal shows up on the first read rather than in wrap_socket.
    """
    try:
        sock.settimeout(timeout)
        sock.sendall(request)
        data = sock.recv(65536)
        return data == b""
    except (ssl.SSLError, ConnectionError, BrokenPipeError):
        return True
    finally:
        sock.close()


def openssl_s_server(*args):
    """A local `openssl s_server` with the dev server certificate (for control experiments); returns (proc, port).

    Its output goes to a file (a full pipe would stall it); stdin stays open because EOF on stdin stops it.
    Stop it with stop_s_server(proc).
    """
    certs = Certs.get()
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(["openssl", "s_server", "-accept", f"{HOST}:{port}", "-cert", certs.server_cert,
                             "-key", certs.server_key, *args], stdin=subprocess.PIPE, stdout=log,
                            stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    log.close()  # the child has its own descriptor
    _live_processes.add(proc)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection((HOST, port), timeout=1).close()  # s_server survives a bare TCP probe
            return proc, port
        except OSError:
            time.sleep(0.05)
    stop_s_server(proc)
    raise AssertionError("openssl s_server did not start")


def stop_s_server(proc):
    proc.kill()
    proc.communicate()
    _live_processes.discard(proc)


def _die_with_parent():
    # The server must not outlive a test runner killed by a ctest timeout.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Server:
    """One huoli-server process with its own ports, configuration, data folder and stderr file."""

    def __init__(self, limits=None, forms_dir=None, principals=None, audit=None, env=None, listeners=None,
                 extra_config=None):
        """`extra_config`: more top-level configuration keys (e.g. "queues", "routing_dir"), set last."""
        certs = Certs.get()
        self.env = env  # extra environment variables for the server process
        self.workdir = _tmpdir("huoli-it-")
        self.public_port = free_port()
        self.internal_port = free_port()
        while self.internal_port == self.public_port:
            self.internal_port = free_port()
        self.limits = {"shutdown_grace_seconds": 5}
        self.limits.update(limits or {})
        config = {
            "data_dir": os.path.join(self.workdir, "data"),
            "forms_dir": os.path.abspath(forms_dir or os.path.join(SOURCE_DIR, "forms")),
            "listeners": {
                "public": {"address": HOST, "port": self.public_port,
                           "certificate": certs.server_cert, "private_key": certs.server_key},
                "internal": {"address": HOST, "port": self.internal_port,
                             "certificate": certs.server_cert, "private_key": certs.server_key,
                             "client_ca": certs.ca},
            },
            "limits": self.limits,
            "principals": certs.principals if principals is None else principals,
            "audit": {"signing_key": certs.audit_key, "origin": certs.audit_origin, **(audit or {})},
        }
        for name, extra in (listeners or {}).items():  # e.g. {"public": {"trusted_proxies": [...]}}
            config["listeners"][name].update(extra)
        for key, rel in (("schema_dir", "schema"), ("routing_dir", "server/routing/data")):
            if os.path.isdir(os.path.join(SOURCE_DIR, rel)):
                config[key] = os.path.join(SOURCE_DIR, rel)
        config.update(extra_config or {})
        self.config_path = os.path.join(self.workdir, "huoli.json")
        with open(self.config_path, "w", encoding="utf-8") as f:
            json.dump(config, f, indent=2)
        self.stderr_path = os.path.join(self.workdir, "stderr.log")
        self.stdout_path = os.path.join(self.workdir, "stdout.log")
        self.proc = None

    def start(self, timeout=10.0):
        with open(self.stderr_path, "wb") as err, open(self.stdout_path, "wb") as out:
            env = {**os.environ, **_clock_environment(), **(self.env or {})}
            self.proc = subprocess.Popen([server_binary(), "--config", self.config_path], stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=err, cwd=self.workdir, env=env,
                                         preexec_fn=_die_with_parent)
        _live_processes.add(self.proc)
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"huoli-server exited with {self.proc.returncode} during start-up:\n"
                                     + self.stderr_tail())
            try:
                if self.get("/healthz", timeout=1.0).status == 200:
                    socket.create_connection((HOST, self.internal_port), timeout=1.0).close()
                    self._assert_clock_shift_loaded()
                    return self
            except (OSError, AssertionError) as e:
                last_error = e
            time.sleep(0.05)
        self.kill()
        raise AssertionError(f"huoli-server did not answer GET /healthz within {timeout} s ({last_error!r}):\n"
                             + self.stderr_tail())

    def _assert_clock_shift_loaded(self):
        # ld.so ignores a preload it cannot open with only a warning: check that the server really has it.
        if TEST_DATE is None:
            return
        with open(f"/proc/{self.proc.pid}/maps", encoding="utf-8", errors="replace") as f:
            mapped = f.read()
        if os.path.realpath(CLOCK_SHIFT_LIBRARY) not in mapped:
            self.kill()
            raise AssertionError(f"{CLOCK_SHIFT_LIBRARY} is not loaded in huoli-server:\n" + self.stderr_tail())

    # --- requests -------------------------------------------------------------------------------------
    def connect(self, listener="public", client=None, ctx=None, timeout=5.0):
        """An Http over a fresh TLS connection; `client` names a certs/dev/clients certificate."""
        port = self.public_port if listener == "public" else self.internal_port
        return Http(tls_connect(port, ctx or client_context(client), timeout=timeout))

    def request(self, method, target, headers=None, body=b"", listener="public", client=None, timeout=5.0):
        """One request on a new connection; returns a Response (unpacks to status, headers, body)."""
        conn = self.connect(listener, client, timeout=timeout)
        try:
            return conn.request(method, target, headers, body, timeout=timeout)
        finally:
            conn.close()

    def get(self, target, **kw):
        return self.request("GET", target, **kw)

    # --- process --------------------------------------------------------------------------------------
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def signal(self, sig):
        self.proc.send_signal(sig)

    def wait(self, timeout):
        """The exit code, or None if the process is still running after `timeout` seconds."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout=None):
        """SIGTERM, then the exit code; kills the process and raises if it hangs."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        timeout = timeout or self.limits["shutdown_grace_seconds"] + 5
        code = self.wait(timeout)
        if code is None:
            self.kill()
            raise AssertionError(f"huoli-server did not exit within {timeout} s of SIGTERM:\n" + self.stderr_tail())
        _live_processes.discard(self.proc)
        return code

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        _live_processes.discard(self.proc)

    # --- logs -----------------------------------------------------------------------------------------
    def stderr_text(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stderr_tail(self, n=40):
        return "\n".join(self.stderr_text().splitlines()[-n:])

    def log_records(self):
        records = []
        for line in self.stderr_text().splitlines():
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict):
                records.append(obj)
        return records

    def request_log(self):
        """The access-log records (JSON lines on stderr that carry a `method`)."""
        return [r for r in self.log_records() if "method" in r]


class ServerTestCase(unittest.TestCase):
    """Base class: `self.start_server(...)` starts a server that is stopped (exit code 0 asserted) after the test.

    Connections made with `self.connect(...)` are closed before the server is stopped.
    """

    maxDiff = None

    def start_server(self, limits=None, forms_dir=None, principals=None, audit=None, env=None, listeners=None,
                     extra_config=None):
        server = Server(limits, forms_dir, principals, audit, env, listeners, extra_config)
        self.addCleanup(self._stop_server, server)
        server.start()
        self.server = server
        return server

    def _stop_server(self, server):
        if server.proc is None:
            return
        if server.proc.returncode is not None:  # the test stopped it itself
            server.kill()
            return
        code = server.stop()
        self.assertEqual(code, 0, "huoli-server exit code after SIGTERM\n" + server.stderr_tail())

    def connect(self, listener="public", client=None, ctx=None, timeout=5.0):
        conn = self.server.connect(listener, client, ctx, timeout)
        self.addCleanup(conn.close)
        return conn

    def call(self, client, method, target, body=None):
        """A request on the internal listener as `client` (a certificate name), with `body` as JSON."""
        data = b"" if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        return self.server.request(method, target, headers, data, listener="internal", client=client, timeout=10)

    def ok(self, client, method, target, body=None):
        """call(), asserting a 200; returns the JSON body."""
        r = self.call(client, method, target, body)
        self.assertEqual(r.status, 200, r)
        return r.json()

    def assert_problem(self, response, status):
        """`response` is an RFC 9457 problem+json document with the given status."""
        self.assertEqual(response.status, status, response)
        self.assertEqual(response.media_type(), "application/problem+json", response)
        doc = response.json()
        for key in ("type", "title", "status"):
            self.assertIn(key, doc, response)
        self.assertEqual(doc["status"], status, response)
        return doc
