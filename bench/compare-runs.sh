#!/usr/bin/env bash
# Two bench/run.sh runs side by side, e.g. metrics off against metrics on (docs/benchmark.md, "Metrics on and off"):
#
#   bench/compare-runs.sh bench/target/results/<off> bench/target/results/<on>
#
# For every scenario and side measured in both: the median server CPU per request (µs; the JVMs' user + system time
# over each measured window divided by the requests wrk completed in it) of each run and their ratio first/second
# (>= 1: the second run costs no more CPU per request), then the median req/s of each run and their ratio
# second/first. Throughput moves with whatever else shares the cores; CPU time per request far less, so its ratio is
# the figure to read for a few-per-cent difference. Both from rounds.tsv; n/a where a run has no CPU figure (a server
# it did not start).
set -euo pipefail

[[ $# == 2 && -f "$1/rounds.tsv" && -f "$2/rounds.tsv" ]] || {
  echo "usage: $0 RESULTS_DIR_1 RESULTS_DIR_2 (folders of bench/target/results/ with a rounds.tsv)" >&2
  exit 2
}

echo "| scenario | side | CPU µs/req 1 | CPU µs/req 2 | CPU ratio 1/2 | req/s 1 | req/s 2 | req/s ratio 2/1 |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
awk -F'\t' '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    if (n == 0) return "n/a"
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function ratio(x, y) { return (x == "n/a" || y == "n/a" || y + 0 == 0) ? "n/a" : sprintf("%.3f", x / y) }
  FNR == 1 { run++; next }
  {
    key = $1 "\t" $2
    if (!(key in seen)) { seen[key] = 1; order[++keys] = key }
    rps[run, key] = rps[run, key] " " $4
    if ($9 != "nan" && $9 != "") cpu[run, key] = cpu[run, key] " " $9
  }
  END {
    for (k = 1; k <= keys; k++) {
      key = order[k]
      if (!((1, key) in rps) || !((2, key) in rps)) continue
      c1 = median(cpu[1, key]); c2 = median(cpu[2, key]); r1 = median(rps[1, key]); r2 = median(rps[2, key])
      split(key, f, "\t")
      printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], c1, c2, ratio(c1, c2), r1, r2, ratio(r2, r1)
    }
  }' "$1/rounds.tsv" "$2/rounds.tsv"
