#!/usr/bin/env bash
# Builds the libFuzzer targets with clang++-14 (ASan + UBSan) and runs each for a while.
#
#   tests/fuzz/run_fuzz.sh [SECONDS]     (default 60 per target)
#
# The corpus starts from schema/examples/**/*.json plus hostile seeds written here; it
# lives in build/fuzz/ and grows across runs. Exits non-zero when a target crashes,
# leaks, times out or breaks one of its checks; the reproducer is left in build/fuzz/.
set -euo pipefail

seconds=${1:-60}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out="$root/build/fuzz"
cxx=${CXX_FUZZ:-clang++-14}
mkdir -p "$out"

log() { printf 'run_fuzz: %s\n' "$*" >&2; }

build() {
  local name=$1; shift
  log "building $name"
  "$cxx" -std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -I "$root/server" \
    "$root/tests/fuzz/$name.cpp" "$@" -o "$out/$name"
}

seed_json_corpus() {
  local corpus=$1
  mkdir -p "$corpus"
  if [ -d "$root/schema/examples" ]; then
    find "$root/schema/examples" -name '*.json' -size -256k -print0 \
      | while IFS= read -r -d '' f; do cp "$f" "$corpus/example-$(cksum <"$f" | cut -d' ' -f1).json"; done
  fi
  printf '%s' '{"a":1,"b":[true,false,null],"c":{"d":"e\u00e4"}}' >"$corpus/seed-basic"
  printf '%s' '{"a":1,"a":2}' >"$corpus/seed-duplicate"
  printf '%s' '{"n":1e400,"m":9007199254740993,"k":-0.5e-3}' >"$corpus/seed-numbers"
  printf '{"k":"\xed\xa0\x80\xc0\xaf\x80\xf0\x9f\x98"}' >"$corpus/seed-bad-utf8"
  printf '%s' '{"s":"\ud800\udc00\ud800","t":"~/"}' >"$corpus/seed-surrogates"
  python3 -c 'print("{\"a\":" + "[" * 100 + "]" * 100 + "}", end="")' >"$corpus/seed-deep"
  python3 -c 'print("{\"a\":[" + ",".join(["1"] * 300) + "]}", end="")' >"$corpus/seed-wide"
  printf '%s' '[1,2]' >"$corpus/seed-array"
}

status=0
build fuzz_json_guard "$root/server/json/guarded_parse.cpp" "$root/server/json/utf8.cpp" \
  "$root/server/json/canonical.cpp"
seed_json_corpus "$out/corpus_json_guard"
log "running fuzz_json_guard for ${seconds}s"
(cd "$out" && ./fuzz_json_guard -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 "$out/corpus_json_guard") || status=$?

# Phone numbers through libphonenumber, as in the server (deploy/install-libphonenumber.sh puts its headers
# and link name under build/third_party; the library itself is Debian's, not instrumented).
phonenumber=${PhoneNumber_ROOT:-$root/build/third_party/libphonenumber}
build fuzz_validate -DVALIJSON_USE_EXCEPTIONS=1 -I /usr/include -I "$phonenumber/include" \
  "$root"/server/forms/*.cpp "$root"/server/json/*.cpp "$root/server/identifiers/hetu.cpp" \
  "$root/server/identifiers/business_id.cpp" "$root/server/identifiers/phone.cpp" \
  -L "$phonenumber/lib" -lphonenumber -lprotobuf -lcrypto
mkdir -p "$out/corpus_validate"
cp "$out"/corpus_json_guard/example-* "$out/corpus_validate/" 2>/dev/null || true
log "running fuzz_validate for ${seconds}s"
(cd "$out" && HUOLI_SCHEMA_DIR="$root/schema" ./fuzz_validate -max_total_time="$seconds" -max_len=65536 \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$out/corpus_validate") || status=$?

build fuzz_http_request -I /usr/include "$root/server/http/request_head.cpp" "$root/server/http/forwarded.cpp" \
  "$root/server/http/problem.cpp" "$root/server/http/message.cpp" -pthread
mkdir -p "$out/corpus_http_request"
printf 'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n' >"$out/corpus_http_request/seed-get"
printf 'GET https://a/healthz?x=1 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n' >"$out/corpus_http_request/seed-absolute"
printf 'POST /api/v1/submissions/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{}{}\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n' \
  >"$out/corpus_http_request/seed-chunked"
printf 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 3\r\n\r\nabc' >"$out/corpus_http_request/seed-te"
printf 'GET / HTTP/1.1\r\nHost: a\r\nForwarded: for="[2001:db8::1]:80";proto=https, for=unknown\r\nX-Forwarded-For: 1.2.3.4, 10.0.0.1\r\n\r\n' \
  >"$out/corpus_http_request/seed-forwarded"
log "running fuzz_http_request for ${seconds}s"
(cd "$out" && ./fuzz_http_request -max_total_time="$seconds" -max_len=16384 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 "$out/corpus_http_request") || status=$?

build fuzz_query "$root/server/http/query.cpp" "$root/server/http/percent.cpp" "$root/server/http/problem.cpp" \
  "$root/server/http/message.cpp" "$root/server/json/utf8.cpp"
mkdir -p "$out/corpus_query"
printf '\0state=leased&limit=50&after=6162' >"$out/corpus_query/seed-listing"
printf '\0subject=010180+123A&a=%%C3%%A4&%%25=%%2B' >"$out/corpus_query/seed-escapes"
printf '\1a=1&&a=2&limit=%%zz&subject=%%C2%%80&x' >"$out/corpus_query/seed-refused"
printf '\0a=%%ED%%A0%%80&limit=%%F4%%90%%80%%80&state&after=' >"$out/corpus_query/seed-utf8"
log "running fuzz_query for ${seconds}s"
(cd "$out" && ./fuzz_query -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 "$out/corpus_query") || status=$?

build fuzz_signed_note "$root"/server/audit/note.cpp "$root"/server/audit/note_key.cpp "$root"/server/audit/checkpoint.cpp \
  "$root"/server/audit/base64.cpp "$root"/server/audit/hash.cpp "$root"/server/json/utf8.cpp -lcrypto
mkdir -p "$out/corpus_signed_note"
printf 'huoli.fuzz/audit\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n' >"$out/corpus_signed_note/seed-checkpoint"
printf 'huoli.fuzz/audit\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\xe2\x80\x94 huoli.fuzz/audit AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n' \
  >"$out/corpus_signed_note/seed-note"
log "running fuzz_signed_note for ${seconds}s"
(cd "$out" && ./fuzz_signed_note -max_total_time="$seconds" -max_len=8192 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 "$out/corpus_signed_note") || status=$?

if [ "$status" -ne 0 ]; then
  log "FAILED (exit $status); reproducers: $(ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* 2>/dev/null | tr '\n' ' ')"
fi
exit "$status"
