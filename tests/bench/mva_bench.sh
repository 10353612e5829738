#!/usr/bin/env bash
# mva_bench.sh - times `headroom queue --method approx` (Bard-Schweitzer
# approximate MVA) on a closed network of 100,000 users, and prints the
# solve time and the peak memory. Exact MVA on the same network is timed
# too, for comparison. Not part of ctest: run it by hand.
#
# usage: tests/bench/mva_bench.sh [HEADROOM_BINARY] [USERS]
#   HEADROOM_BINARY  default build/headroom
#   USERS            default 100000
#
# The think time puts the population at the knee N* = (D + Z) / D_max,
# where the fixed-point iteration of approximate MVA converges slowest.
# Times come from hyperfine when it is installed (mean of 20 runs after
# 3 warm-ups, no shell), else from one run under /usr/bin/time; the peak
# memory is the maximum resident set size reported by /usr/bin/time -v.
# At the knee the response time R = N/X - Z is a small difference of large
# numbers, so a tiny throughput error shows as a large one in R.
set -euo pipefail

binary=${1:-build/headroom}
users=${2:-100000}
if [[ ! -x $binary ]]; then
    echo "error: '$binary' is not an executable; build headroom first" >&2
    exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "error: /usr/bin/time (GNU time) is needed for peak memory" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
network=$work/bench.network.yaml

# D_max is the disk's 6 x 0.004 = 0.024 s; D = 0.4665 s in all; the knee
# is at N* = (D + Z) / D_max, so Z = N D_max - D.
think=$(awk -v n="$users" 'BEGIN { printf "%.4f", n * 0.024 - 0.4665 }')
cat >"$network" <<YAML
name: MVA benchmark, $users users
classes:
  - {name: users, population: $users, think_time_s: $think}
stations:
  - {name: web, servers: 32, demands: {users: {demand_s: 0.25}}}
  - name: app
    servers: 16
    demands: {users: {visits: 4, service_time_s: 0.03}}
  - name: db
    servers: 8
    demands: {users: {visits: 10, service_time_s: 0.005}}
  - name: disk
    demands: {users: {visits: 6, service_time_s: 0.004}}
  - {name: client, type: delay, demands: {users: {demand_s: 0.0225}}}
YAML

# Prints the solve time of one method in milliseconds.
solve_ms() {
    local method=$1 csv=$work/$1.csv
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine --shell=none --style none --warmup 3 --runs 20 \
            --export-csv "$csv" \
            "'$binary' queue --method $method '$network'" >/dev/null 2>&1
        awk -F, 'NR == 2 {
            printf "%.2f ms (mean of 20 runs, sd %.2f ms, hyperfine)",
                $2 * 1000, $3 * 1000 }' "$csv"
    else
        /usr/bin/time -f '%e' -o "$work/$method.time" \
            "$binary" queue --method "$method" "$network" >/dev/null
        awk '{ printf "%.0f ms (one run, /usr/bin/time)", $1 * 1000 }' \
            "$work/$method.time"
    fi
}

# Prints the peak resident memory of one method in MiB.
peak_mib() {
    /usr/bin/time -v -o "$work/$1.mem" \
        "$binary" queue --method "$1" "$network" >/dev/null
    awk -F: '/Maximum resident set size/ { printf "%.1f MiB", $2 / 1024 }' \
        "$work/$1.mem"
}

echo "network: $users users, think time $think s," \
    "5 stations (3 multi-server)"
"$binary" queue --method approx "$network" |
    awk '/^method:/, /^$/' | sed '/^$/d; s/^/  /'
for method in approx exact; do
    echo "$method: solve time $(solve_ms "$method")," \
        "peak memory $(peak_mib "$method")"
done
"$binary" queue --json --method approx "$network" >"$work/approx.json"
"$binary" queue --json --method exact "$network" >"$work/exact.json"
python3 - "$work/approx.json" "$work/exact.json" <<'PY'
import json, sys
a, e = (json.load(open(p))["classes"]["users"] for p in sys.argv[1:])
for key in ("throughput", "response_time"):
    print(f"{key}: approx {a[key]:.6g}, exact {e[key]:.6g}, "
          f"difference {100 * (a[key] - e[key]) / e[key]:+.3f} %")
PY
