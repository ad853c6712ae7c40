# shellcheck shell=bash
# Figures over rounds, the results table and the chart (sourced by bench/run.sh).

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
spread() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "n/a"; else printf "%s · %s\n", a[1], a[NR] }'; }
# round_ratios SCENARIO SIDE_A SIDE_B: B/A of each round (both sides measured back to back), one per line.
round_ratios() {
  awk -F'\t' -v s="$1" -v a="$2" -v b="$3" '
    NR > 1 && $1 == s && $2 == a { ra[$3] = $4 }
    NR > 1 && $1 == s && $2 == b { rb[$3] = $4 }
    END { for (r in ra) if ((r in rb) && ra[r] > 0) printf "%.2f\n", rb[r] / ra[r] }' "${rounds_file}"
}
column_of() { # column_of SCENARIO SIDE COLUMN
  awk -F'\t' -v s="$1" -v d="$2" -v c="$3" 'NR > 1 && $1 == s && $2 == d { print $c }' "${rounds_file}"
}

table_rows=()
chart_rows=()
total_errors=0
report() { # report NAME SIDE_A LABEL_A SIDE_B LABEL_B TARGET
  local name=$1 side_a=$2 label_a=$3 side_b=$4 label_b=$5 target=$6 side label rps p50 p99 errors ratio verdict
  local rps_spread ratios cpu cpu_ratio
  wanted "${name}" || return 0
  local rps_a="" p99_a="" cpu_a=""
  for side in "${side_a}" "${side_b}"; do
    [[ "${side}" == "${side_a}" ]] && label=${label_a} || label=${label_b}
    rps=$(column_of "${name}" "${side}" 4 | median)
    p50=$(column_of "${name}" "${side}" 5 | median)
    p99=$(column_of "${name}" "${side}" 6 | median)
    errors=$(column_of "${name}" "${side}" 7 | awk '{ s += $1 } END { print s + 0 }')
    rps_spread=$(column_of "${name}" "${side}" 4 | spread)
    # nan: no CPU figure (a server this run did not start); the median of none prints nan as well.
    cpu=$(column_of "${name}" "${side}" 9 | awk '$1 != "nan"' | median)
    [[ "${cpu}" != nan ]] || cpu=n/a
    total_errors=$((total_errors + errors))
    if [[ "${side}" == "${side_a}" ]]; then
      rps_a=${rps} p99_a=${p99} cpu_a=${cpu}
      table_rows+=("| ${name} | A: ${label} | ${rps} | ${p50} | ${p99} | ${errors} | | | ${rps_spread} | | ${cpu} | |")
    else
      ratio=$(awk -v b="${rps}" -v a="${rps_a}" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "n/a" }')
      verdict=$(awk -v r="${ratio}" -v t="${target}" 'BEGIN { print (t == "-") ? "reported only" : (r == "n/a") ? "n/a" : (r >= t) ? "met" : "MISSED" }')
      ratios=$(round_ratios "${name}" "${side_a}" "${side_b}" | sort -g | awk '{ a[NR] = $1 } END {
          if (NR == 0) print "n/a"; else printf "%s · %s · %s\n", a[1], (NR % 2) ? a[(NR + 1) / 2] : sprintf("%.2f", (a[NR / 2] + a[NR / 2 + 1]) / 2), a[NR] }')
      cpu_ratio=$(awk -v a="${cpu_a}" -v b="${cpu}" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }')
      table_rows+=("| ${name} | B: ${label} | ${rps} | ${p50} | ${p99} | ${errors} | ${ratio} | $([[ "${target}" == - ]] && echo "${verdict}" || echo ">= ${target}: ${verdict}") | ${rps_spread} | ${ratios} | ${cpu} | ${cpu_ratio} |")
      chart_rows+=("${name}"$'\t'"${rps_a}"$'\t'"${rps}"$'\t'"${p99_a}"$'\t'"${p99}")
    fi
  done
}

# ---- chart ---------------------------------------------------------------------------------------------------------
# chart.svg in the results folder: median req/s and p99 per scenario, A and B side by side (gnuplot; skipped with a
# message when it is not installed).
write_chart() {
  if ! command -v gnuplot >/dev/null 2>&1; then
    log "Chart skipped: gnuplot is not installed (Debian: apt-get install -y gnuplot-nox)"
    return 0
  fi
  local data="${run_dir}/chart.tsv" title=$1
  printf '%s\n' "${chart_rows[@]}" >"${data}"
  [[ -s "${data}" ]] || return 0
  gnuplot <<GNUPLOT >"${run_dir}/chart.svg" 2>"${run_dir}/gnuplot.log" || { log "Chart failed (log: ${run_dir}/gnuplot.log)"; return 0; }
set terminal svg size 1000,640 dynamic font "sans,11" background rgb "white"
set termoption noenhanced
set datafile separator "\t"
set multiplot layout 2,1 title "${title//\"/}"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key above horizontal
set xtics scale 0 font ",10"
set logscale y
# Bars rise from a fixed base, not from wherever autoscaling starts the axis.
set yrange [0.1:*]
set ylabel "req/s (median, log scale)"
plot "${data}" using 2:xtic(1) title "A: reference side (see table)" lc rgb "#8c8c8c", "" using 3 title "B: extension side" lc rgb "#1f6fb4"
set ylabel "p99 latency ms (median, log scale)"
plot "${data}" using 4:xtic(1) title "A: reference side (see table)" lc rgb "#8c8c8c", "" using 5 title "B: extension side" lc rgb "#1f6fb4"
unset multiplot
GNUPLOT
  log "Chart: ${run_dir}/chart.svg"
}

# Extra lines of the results header: server heap and, at scale, the population, seeding time and cache sizes.
run_notes() {
  echo "Heap in use after the client_credentials scenario (warm-up + rounds; after a full GC): ${heap_used:-n/a}"
  scale_enabled || return 0
  echo "Scale: per realm ${scale_stores} stores, ${scale_tills} tills/users (${scale_logins} with a password), ${scale_clients} service-account clients, ${scale_groups} groups; requests pick a random client/till/user from ${BENCH_SCALE_POOL:-10000}-line pools; seeded in ${scale_seconds} (realm import + partialImport in batches of ${scale_batch})"
  echo "Database: ${server_database:-as the already running server has it}; caches: $([[ -n "${BENCH_CLUSTER:-}" ]] && echo "ispn (distributed)" || echo local), users max ${KC_CACHE_EMBEDDED_USERS_MAX_COUNT:-10000 (default)}, realms max ${KC_CACHE_EMBEDDED_REALMS_MAX_COUNT:-10000 (default)} entries"
}

# The results table (also results/<time>/table.md).
print_table() {
  {
    echo
    echo "Benchmark ${started} | Keycloak ${keycloak_version} | ${mode}"
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; load average before ${load_before}, after ${load_after}"
    echo "wrk: ${threads} thread(s), ${connections} connections (password grants: ${password_connections}), ${rounds} round(s) x ${duration} s per side, interleaved A,B,B,A,...; warm-up ${warmup} s per side; timeout 10 s"
    echo "Password storage: stock-user '${stock_hash}'; bench.till '${till_hash}' (same Argon2id cost, Keycloak defaults)"
    run_notes
    echo "Figures: medians over rounds; ratio = B req/s / A req/s; errors = non-2xx + socket errors summed over measured rounds"
    echo "Spread: req/s min · max over the ${rounds} rounds of each side; round ratios = B/A of each round (sides measured back to back), min · median · max"
    echo "Server CPU: the server JVMs' CPU time (user + system, JIT and GC included; both nodes of a cluster summed) per completed request, median over rounds; CPU ratio A/B = how many B requests the CPU of one A request pays for (n/a against a server this run did not start)"
    echo
    echo "| scenario | side | req/s | p50 ms | p99 ms | errors | ratio B/A | target | req/s min · max | round ratios B/A min · median · max | server CPU µs/req | CPU ratio A/B |"
    echo "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"
    printf '%s\n' "${table_rows[@]}"
    [[ -z "${compat_line}" ]] || echo "${compat_line}"
    echo
    echo "Per-round figures: ${rounds_file}"
  } | tee "${run_dir}/table.md"
}
