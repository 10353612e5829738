#!/usr/bin/env bash
# ingest_bench.sh - times `headroom ingest --json` against DuckDB on the
# same ten-million-row JMeter JTL, and compares their percentiles.
#
# usage: tests/bench/ingest_bench.sh [HEADROOM_BINARY] [ROWS] [RUNS]
#
# Makes the JTL with gen_jtl.c (fixed seed, so the same bytes every
# time) unless it is already there, installs @duckdb/node-api from
# package-lock.json, warms the page cache, then RUNS times (default 3)
# runs headroom under /usr/bin/time -v and DuckDB's read_csv +
# quantile_cont in node, and prints the median wall times, their ratio,
# headroom's peak memory (largest maximum resident set size) and the
# largest relative percentile difference (compare.mjs). Needs cc, node,
# npm and GNU time (apt-get install -y time). The work directory
# (BENCH_DIR, default /tmp/headroom-bench) needs about 1.4 GB.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
binary=${1:-$here/../../build/headroom}
rows=${2:-10000000}
runs=${3:-3}
work=${BENCH_DIR:-/tmp/headroom-bench}
jtl=$work/bench-$rows.jtl

fail() { echo "error: $*" >&2; exit 1; }

[ -x "$binary" ] || fail "no headroom binary at '$binary' (build first)"
[ -x /usr/bin/time ] || fail "GNU time is missing: apt-get install -y time"
command -v node > /dev/null || fail "node is missing"
mkdir -p "$work"

# 1. The input: generated once, deterministically.
if [ ! -s "$jtl" ]; then
    cc -O2 -o "$work/gen_jtl" "$here/gen_jtl.c" -lm
    echo "generating $rows rows into $jtl" >&2
    "$work/gen_jtl" "$rows" 42 > "$jtl.part"
    mv "$jtl.part" "$jtl"
fi
size_mib=$(( $(stat -L -c %s "$jtl") / 1048576 ))

# 2. DuckDB, pinned by package-lock.json.
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
    (cd "$here" && npm ci --no-audit --no-fund > /dev/null)
fi

# 3. Both read from memory, not disk.
cat "$jtl" > /dev/null

# Prints the median of its arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ours=() theirs=() peak_kib=0
for run in $(seq 1 "$runs"); do
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$work/time.txt" \
        "$binary" ingest --json "$jtl" > "$work/headroom.json"
    end=$(date +%s.%N)
    ours+=("$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
    kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' \
          "$work/time.txt")
    [ "$kib" -gt "$peak_kib" ] && peak_kib=$kib

    (cd "$here" && node duckdb_percentiles.mjs "$jtl") > "$work/duckdb.json"
    theirs+=("$(node -e 'console.log(JSON.parse(require("fs").readFileSync(
        process.argv[1], "utf8")).seconds)' "$work/duckdb.json")")
    printf 'run %d: headroom %.2f s, duckdb %.2f s\n' "$run" \
        "${ours[-1]}" "${theirs[-1]}" >&2
done

ours_s=$(median "${ours[@]}")
theirs_s=$(median "${theirs[@]}")
echo "input:     $jtl ($rows rows, $size_mib MiB)"
printf 'headroom:  %.2f s (median of %d runs)\n' "$ours_s" "$runs"
printf 'duckdb:    %.2f s (median of %d runs; read_csv + quantile_cont)\n' \
    "$theirs_s" "$runs"
awk -v ours="$ours_s" -v theirs="$theirs_s" -v kib="$peak_kib" 'BEGIN {
    printf "speed-up:  %.2fx (target >= 3x)\n", theirs / ours
    printf "peak RSS:  %.1f MiB (target < 64 MiB)\n", kib / 1024 }'
node "$here/compare.mjs" "$work/headroom.json" "$work/duckdb.json"
