#!/usr/bin/env bash
# The two commands of the README:
#   ./deploy/dev.sh run   set up, build (release), make development certificates, start the service
#   ./deploy/dev.sh test  set up, build, run every test under ctest (release, then sanitizers)
# Environment: HUOLI_PUBLIC_PORT (8443), HUOLI_INTERNAL_PORT (9443), HUOLI_DATA_DIR (<checkout>/var).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# Debian 12 packages the build, the service and the tests need. Installed only when missing.
packages=(
  build-essential cmake ninja-build pkg-config git openssl python3
  libboost1.81-dev libssl-dev libsqlitecpp-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libvalijson-dev
  googletest libgtest-dev libcli11-dev libsystemd-dev libjemalloc-dev rapidjson-dev
  sslscan json-schema-test-suite clang-14 libclang-rt-14-dev curl wrk
  chromium systemd
)

log() { printf '\033[1mdev.sh:\033[0m %s\n' "$*" >&2; }

setup() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  deploy/install-libphonenumber.sh "$root/build/third_party/libphonenumber"
  # The browser tests drive Debian's Chromium with playwright-core from npm (no browser download).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm
  fi
}

browser_deps() {
  if [ ! -d tests/browser/node_modules ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules ]; then
    npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
  fi
}

build() {  # $1 = preset
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1"
}

certs() {
  # Older checkouts made certificates before the audit signing key, or the counties' auditors, existed.
  if [ -f certs/dev/ca.pem ] && { [ ! -f certs/dev/audit-signing.key ] || [ ! -f certs/dev/clients/kainuu-admin.pem ]; }; then
    certs/make-dev-certs.sh --force "$root/certs/dev"
  else
    certs/make-dev-certs.sh "$root/certs/dev"
  fi
}

write_config() {  # $1 = config file
  local data_dir="${HUOLI_DATA_DIR:-$root/var}"
  mkdir -p "$data_dir"
  python3 - "$1" "$data_dir" "${HUOLI_PUBLIC_PORT:-8443}" "${HUOLI_INTERNAL_PORT:-9443}" "$root" <<'PY'
import json, sys
out, data_dir, pub, internal, root = sys.argv[1:]
certs = f"{root}/certs/dev"
cfg = {
    "data_dir": data_dir,
    "listeners": {
        "public": {"address": "127.0.0.1", "port": int(pub),
                   "certificate": f"{certs}/server.pem", "private_key": f"{certs}/server.key"},
        "internal": {"address": "127.0.0.1", "port": int(internal),
                     "certificate": f"{certs}/server.pem", "private_key": f"{certs}/server.key",
                     "client_ca": f"{certs}/ca.pem"},
    },
    "principals": json.load(open(f"{certs}/principals.json")),
    "audit": {
        "signing_key": f"{certs}/audit-signing.key",
        # The checkpoint origin is the key's name: the first field of its vkey.
        "origin": open(f"{certs}/audit-signing.vkey").read().strip().split("+")[0],
        "checkpoint_interval_seconds": 10,
    },
    # Shown on the privacy notice and the accessibility statement: marked so that nobody takes a
    # development instance for the real service.
    "operator": {
        "name": {"fi": "KEHITYSYMPÄRISTÖ – ei oikea rekisterinpitäjä",
                 "sv": "UTVECKLINGSMILJÖ – inte en verklig personuppgiftsansvarig",
                 "en": "DEVELOPMENT INSTANCE – not a real controller"},
        "address": "dev.sh, localhost",
        "email": "controller@dev.invalid",
        "dpo_email": "dpo@dev.invalid",
        "feedback_email": "feedback@dev.invalid",
    },
}
json.dump(cfg, open(out, "w"), indent=2)
PY
}

cmd=${1:-}
case "$cmd" in
  run)
    setup
    build release
    certs
    config="${HUOLI_DATA_DIR:-$root/var}/huoli.json"
    write_config "$config"
    pub=${HUOLI_PUBLIC_PORT:-8443}; internal=${HUOLI_INTERNAL_PORT:-9443}
    cat >&2 <<TXT

  Huoli is starting.
    Web forms (public):        https://localhost:$pub/
    Health:                    https://localhost:$pub/healthz
    Internal API (mutual TLS): https://localhost:$internal/api/v1/whoami
      curl --cacert certs/dev/ca.pem --cert certs/dev/clients/kainuu-intake.pem \\
           --key certs/dev/clients/kainuu-intake.key https://localhost:$internal/api/v1/whoami
    Configuration:             $config
  The development CA is certs/dev/ca.pem (import it into the browser, or accept the warning).
  Stop with Ctrl-C.

TXT
    exec build/release/server/huoli-server --config "$config"
    ;;
  test)
    setup
    browser_deps
    build release
    status=0
    (cd build/release && ctest --output-on-failure --timeout 300 -j2 --output-junit junit.xml) || status=1
    # Unit and integration tests again under AddressSanitizer + UndefinedBehaviorSanitizer
    # (benchmarks, fuzzing and browser tests are labelled nosanitize: they run once, above).
    build sanitize
    (cd build/sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
       ctest --output-on-failure --timeout 300 -j2 -LE nosanitize --output-junit junit.xml) || status=1
    # One closing line that counts both runs.
    python3 - build/release/junit.xml build/sanitize/junit.xml <<'PY'
import sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in sys.argv[1:]:
    for case in ET.parse(f).getroot().iter("testcase"):
        status = case.get("status", "run")
        if case.find("failure") is not None or case.find("error") is not None or status == "fail":
            failed += 1
        elif case.find("skipped") is not None or status in ("notrun", "disabled"):
            skipped += 1
        else:
            passed += 1
print(f"ctest (release + sanitize): {passed} passed, {failed} failed, {skipped} skipped")
PY
    exit $status
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
