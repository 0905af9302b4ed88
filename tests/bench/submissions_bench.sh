#!/usr/bin/env bash
# Durable submissions per second (a benchmark, not a test).
#
# Starts the release huoli-server on loopback with a temporary data folder and a configuration whose rate limit
# is out of the way, drives concurrent keep-alive submissions of realistic ~4 KB notices over TLS with wrk
# (tests/bench/submit.lua), prints 201s per second and latency percentiles, and then checks that the database
# holds as many notices as wrk saw 201s (plus at most one per connection: requests still in flight when wrk
# stopped counting may commit after it).
#
# Each mode runs against a fresh server and data folder:
#   nokey  no Idempotency-Key (prebuilt requests)
#   key    a unique Idempotency-Key per request (one more indexed row per notice)
#
# usage: tests/bench/submissions_bench.sh [DURATION_SECONDS] [CONNECTIONS]     (defaults 15 and 64)
# env:   HUOLI_SERVER    server binary (default build/release/server/huoli-server)
#        SERVER_THREADS  the server's "threads" (default 2)
#        WRK_THREADS     wrk threads (default 1)
#        MODES           default "nokey key"
#        RUNS            runs per mode, each against a fresh server (default 1); more than one also prints the
#                        median, lowest and highest rate (this VM's neighbours move single runs by ±15%)
#        KEEP=1          keep the temporary folder (configuration, server stderr, wrk output)
#        PERF=1          also sample the server with `perf record` during the run and print the top symbols
#        PERF_ARGS       more `perf record` options, e.g. "--call-graph fp" for a build with frame pointers
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration="${1:-15}"
connections="${2:-64}"
server_bin="${HUOLI_SERVER:-$repo/build/release/server/huoli-server}"
server_threads="${SERVER_THREADS:-2}"
wrk_threads="${WRK_THREADS:-1}"
modes="${MODES:-nokey key}"
runs="${RUNS:-1}"
[[ -x "$server_bin" ]] || { echo "submissions_bench: no server binary at $server_bin (build the release preset)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "submissions_bench: wrk not found" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "submissions_bench: /usr/bin/time not found" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "submissions_bench: sqlite3 not found" >&2; exit 1; }

work="$(mktemp -d /tmp/huoli-bench.XXXXXX)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid"; fi
    if [[ "${KEEP:-0}" == 1 ]]; then echo "submissions_bench: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

bash "$repo/certs/make-dev-certs.sh" "$work/certs" >/dev/null

# Realistic bodies: every valid example, its free text lengthened with plausible sentences to about 4 KB. The
# examples' dates are sent as they are, on the real clock: they stay valid on any later day (past observation and
# consent dates, due dates in 2099; schema/examples/README.md), and any answer but 201 fails the run below.
python3 - "$repo" "$work" <<'EOF'
import glob, json, os, sys
repo, work = sys.argv[1], sys.argv[2]
os.makedirs(f"{work}/bodies")
filler = ("Tilanne on jatkunut useita viikkoja, ja siitä on keskusteltu työyhteisössä ennen ilmoituksen tekemistä. "
          "Havainnot on kirjattu päivämäärineen, ja niistä voidaan kertoa tarkemmin yhteydenoton yhteydessä. ")
with open(f"{work}/manifest.tsv", "w") as manifest:
    for path in sorted(glob.glob(f"{repo}/schema/examples/*/valid-*.json")):
        form = os.path.basename(os.path.dirname(path))
        doc = json.load(open(path, encoding="utf-8"))
        holder = doc["reasons"] if "reasons" in doc else doc
        while len(json.dumps(doc, ensure_ascii=False, indent=1).encode()) < 4000:
            holder["description"] += " " + filler
        body = json.dumps(doc, ensure_ascii=False, indent=1).encode()
        out = f"{work}/bodies/{os.path.basename(path)}"
        open(out, "wb").write(body)
        manifest.write(f"{form}\t{out}\n")
sizes = [os.path.getsize(p) for p in glob.glob(f"{work}/bodies/*.json")]
print(f"bodies: {len(sizes)} notices, {min(sizes)}-{max(sizes)} bytes")
EOF

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

write_config() {  # write_config FILE DATA_DIR PUBLIC_PORT INTERNAL_PORT
    python3 - "$@" "$repo" "$work/certs" "$server_threads" <<'EOF'
import json, sys
file, data, public, internal, repo, certs, threads = sys.argv[1:8]
tls = {"certificate": f"{certs}/server.pem", "private_key": f"{certs}/server.key"}
json.dump({
    "data_dir": data, "threads": int(threads),
    "forms_dir": f"{repo}/forms", "schema_dir": f"{repo}/schema", "routing_dir": f"{repo}/server/routing/data",
    "listeners": {"public": {"address": "127.0.0.1", "port": int(public), **tls},
                  "internal": {"address": "127.0.0.1", "port": int(internal), "client_ca": f"{certs}/ca.pem", **tls}},
    "limits": {"rate_per_minute": 1000000, "rate_burst": 1000000, "max_connections": 4096,
               "max_connections_per_address": 4096,
               "idle_timeout_seconds": 60},
    "principals": json.load(open(f"{certs}/principals.json")),
    # The audit log is signed (server/audit/); make-dev-certs.sh makes the key and its vkey.
    "audit": {"signing_key": f"{certs}/audit-signing.key",
              "origin": open(f"{certs}/audit-signing.vkey").read().split("+")[0]},
}, open(file, "w"), indent=1)
EOF
}

task_cpu() {  # utime + stime, in seconds, of /proc/PID or /proc/PID/task/TID
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "$1/stat"
}

task_wait() {  # seconds in the run queue: runnable, but another thread had the core
    awk '{ printf "%.2f", $2 / 1e9 }' "$1/schedstat"
}

cpu_seconds() { task_cpu "/proc/$1"; }

per_thread() {  # per_thread PID task_cpu|task_wait: "name=seconds" summed by thread name (the writer alone bounds the rate)
    for t in /proc/"$1"/task/*; do
        printf '%s %s\n' "$(cat "$t/comm")" "$("$2" "$t")"
    done | awk '{ s[$1] += $2 } END { for (n in s) printf "%s=%.1fs ", n, s[n] }'
}

idle_jiffies() {  # idle + iowait, and all, of the whole machine since boot
    awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat
}

status=0
echo "server: $server_bin (threads $server_threads); wrk: $wrk_threads thread(s), $connections connections, ${duration}s"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in $modes; do
    rates=()
    for run in $(seq "$runs"); do
        tag="$mode-$run"
        data="$work/data-$tag"
        config="$work/huoli-$tag.json"
        public_port="$(free_port)"
        internal_port="$(free_port)"
        write_config "$config" "$data" "$public_port" "$internal_port"
        "$server_bin" --config "$config" 2>"$work/server-$tag.log" >/dev/null &
        server_pid=$!
        for _ in $(seq 100); do
            curl -skf "https://127.0.0.1:$public_port/healthz" >/dev/null 2>&1 && break
            sleep 0.1
        done
        curl -skf "https://127.0.0.1:$public_port/readyz" >/dev/null || { echo "server did not start" >&2; cat "$work/server-$tag.log" >&2; exit 1; }

        cpu_before="$(cpu_seconds "$server_pid")"
        read -r idle_before all_before < <(idle_jiffies)
        perf_pid=""
        if [[ "${PERF:-0}" == 1 ]]; then
            perf record -q -F 499 ${PERF_ARGS:-} -p "$server_pid" -o "$work/perf-$tag.data" -- sleep "$duration" 2>/dev/null &
            perf_pid=$!
        fi
        echo
        echo "== mode $mode: wrk --latency -t$wrk_threads -c$connections -d${duration}s -s tests/bench/submit.lua" \
             "https://127.0.0.1:PORT -- MANIFEST $mode"
        /usr/bin/time -f "wrk_cpu_seconds %U %S" -o "$work/wrk-cpu-$tag.txt" \
        wrk --latency -t"$wrk_threads" -c"$connections" -d"${duration}s" --timeout 10s \
            -s "$repo/tests/bench/submit.lua" "https://127.0.0.1:$public_port" -- "$work/manifest.tsv" "$mode" \
            | tee "$work/wrk-$tag.txt"
        cpu_after="$(cpu_seconds "$server_pid")"
        read -r idle_after all_after < <(idle_jiffies)
        disk_written="$(awk '/^write_bytes/ { print $2 }' "/proc/$server_pid/io")"
        threads_after="$(per_thread "$server_pid" task_cpu)"
        waits_after="$(per_thread "$server_pid" task_wait)"
        if [[ -n "$perf_pid" ]]; then
            wait "$perf_pid" || true
            echo "-- perf: share of the server's CPU samples by thread, by shared object, then by symbol"
            { perf report -i "$work/perf-$tag.data" --stdio --no-children --sort comm --percent-limit 0.5 2>/dev/null \
                | grep -v '^#' | grep -v '^$' | sed 's/  */ /g' | head -8; } || true
            { perf report -i "$work/perf-$tag.data" --stdio --no-children --sort dso --percent-limit 0.5 2>/dev/null \
                | grep -v '^#' | grep -v '^$' | sed 's/  */ /g' | head -15; } || true
            { perf report -i "$work/perf-$tag.data" --stdio --no-children --sort dso,sym --percent-limit 0.4 2>/dev/null \
                | grep -v '^#' | grep -v '^$' | sed 's/  */ /g' | cut -c1-150 | head -45; } || true
        fi

        kill -TERM "$server_pid"
        wait "$server_pid" || { echo "server exit code $? after SIGTERM" >&2; status=1; }
        server_pid=""

        created="$(awk '/^created /{print $2}' "$work/wrk-$tag.txt")"
        other="$(awk '/^other /{print $2}' "$work/wrk-$tag.txt")"
        duration_us="$(awk '/^duration_us /{print $2}' "$work/wrk-$tag.txt")"
        stored="$(sqlite3 -readonly "$data/huoli.db" 'SELECT count(*) FROM notices')"
        whole="$(sqlite3 -readonly "$data/huoli.db" \
            'SELECT count(*) FROM notices n JOIN routing_records r ON r.notice_id = n.id JOIN queue_items q ON q.notice_id = n.id')"
        rate="$(awk -v c="$created" -v us="$duration_us" 'BEGIN { printf "%.0f", c / (us / 1e6) }')"
        cpu_per="$(awk -v a="$cpu_before" -v b="$cpu_after" -v c="$created" 'BEGIN { if (c) printf "%.0f", (b - a) * 1e6 / c; else print "-" }')"
        echo "-- $mode: $created x 201 ($other other) in $((duration_us / 1000)) ms = $rate durable submissions/s;" \
             "server CPU $(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN{printf "%.1f", b-a}') s = ${cpu_per} us per submission"
        echo "-- server CPU by thread since start: $threads_after"
        echo "-- run-queue wait by thread since start: $waits_after"
        echo "-- written to storage since start: $(awk -v b="$disk_written" -v c="$created" 'BEGIN { printf "%.0f MB, %.1f KB per submission", b / 1e6, b / 1e3 / c }')"
        echo "-- machine idle (or waiting for the disk) during the run:" \
             "$(awk -v i=$((idle_after - idle_before)) -v a=$((all_after - all_before)) 'BEGIN { printf "%.0f%%", 100 * i / a }')" \
             "(idle cores mean the connections, not the server, bound the rate)"
        echo "-- wrk CPU $(awk '{printf "%.1f", $2 + $3}' "$work/wrk-cpu-$tag.txt") s (client and server share the machine)"
        echo "-- stored notices: $stored (with routing record and queue item: $whole)"
        if (( other > 0 )); then echo "FAIL: $other answers were not 201"; status=1; fi
        if (( stored < created || stored - created > connections || whole != stored )); then
            echo "FAIL: the database holds $stored notices ($whole whole) for $created 201s"
            status=1
        fi
        rates+=("$rate")
    done
    if (( runs > 1 )); then
        echo "-- $mode over $runs runs: $(printf '%s\n' "${rates[@]}" | sort -n | awk '{ r[NR] = $1 } END { m = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2; printf "median %.0f, lowest %d, highest %d durable submissions/s", m, r[1], r[NR] }')"
    fi
done
exit "$status"
