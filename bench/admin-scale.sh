#!/usr/bin/env bash
# Organisation administration at size, side by side with stock Keycloak (issue #27 item 5).
#
#   bench/admin-scale.sh                                   # 5,000 stores, 50,000 tills (10,000 + 40,000)
#   ADMIN_STORES=100 ADMIN_TILLS=1000 bench/admin-scale.sh # a quick check
#
# Starts ONE Keycloak in production mode on PostgreSQL with the JAR (as `BENCH_SCALE=1 bench/run.sh` does), creates
# two realms from realm-export/demo-org-realm.json (no users, no stores):
#   admin-till   the organisation: till role, stores group, till flow, hashAlgorithm(till-md5-argon2)
#   admin-stock  the same realm without the password policy (Keycloak's default argon2) and without the stores group
# and then
#   1. imports: stores through POST /organisation-import/stores (CSV code,name) against stock partialImport of the same
#      store groups; tills through POST /organisation-import/tills (CSV code,store,password) in two files (the first
#      ADMIN_TILLS_FIRST, then the rest) against stock partialImport of as many users with a plaintext password, the
#      till role and their store group (batches of ADMIN_STOCK_BATCH). Each timed from the upload to the job's
#      finishedAt (stock: first batch sent to last batch answered); the server JVM's heap sampled every
#      ADMIN_HEAP_INTERVAL s (jstat) meanwhile.
#   2. lists: p50/p95 of ADMIN_SAMPLES sequential curl requests (after ADMIN_WARMUP each) of the extension's /stores and
#      /tills pages and searches, each paired with Keycloak's own list over the same rows (admin-till's users and the
#      children or members of its groups), the pair's requests alternating A,B / B,A.
#   0. (before the server starts, on a quiet machine) JMH: PasswordVerificationBenchmark.tillEncodeDigest, the Argon2id
#      encode an import makes per till, and stockArgon2EncodePlain, the one partialImport makes per user; the table
#      sets the import's time per item against hash cost / cores (the import hashes on every core, partialImport on one).
#   3. first load of the Stores & tills screen: the page, its CSS and JS and the two API calls organisation.js makes
#      (GET /stores, GET /tills: first pages of 100), one sequence on one keep-alive connection, against Keycloak's
#      own first pages of the same two lists.
# Writes bench/target/admin-scale/<UTC time>/ (table.md, latency.tsv, imports.tsv, heap-*.tsv, server log) and prints
# the table. Exit status 1 if any request failed (the table is printed anyway), 2 on a set-up failure.
#
# Settings (environment):
#   ADMIN_STORES=5000  ADMIN_TILLS=50000 (total; tills are spread round robin over the stores)
#   ADMIN_TILLS_FIRST=ADMIN_TILLS/5 (10,000: the first import file; the second holds the rest)
#   ADMIN_SAMPLES=50  ADMIN_WARMUP=5 (requests per list endpoint and side)  ADMIN_HEAP_INTERVAL=2 (s)
#   ADMIN_STOCK_REST=1 (0: the stock side imports only the first file's users; the stock lists still read all tills)
#   ADMIN_STOCK_IMPORTS=1 (0: no stock imports at all, e.g. to time one 50,000-till file: ADMIN_TILLS=50001
#                          ADMIN_TILLS_FIRST=50000; the stock lists still read the same rows)
#   ADMIN_STOCK_BATCH=500 (users per partialImport request; one request must finish within Keycloak's 300 s
#                          transaction timeout)
#   ADMIN_JMH=1 (0: skip the JMH step)  ADMIN_JMH_OPTIONS="-f 1 -wi 3 -w 2s -i 5 -r 2s" (JMH options of that step)
#   ADMIN_PG_DATABASE=bench_admin (dropped and re-created at the start, dropped at the end unless ADMIN_KEEP_DB=1)
#   ADMIN_REUSE_DB=1 (lists only: the database a previous run kept with ADMIN_KEEP_DB=1 and the same ADMIN_STORES and
#                     ADMIN_TILLS; no JMH, realms or imports; the database is kept)
#   ADMIN_ANALYZE=1 (0: measure the lists with the planner statistics the imports left, see refresh_statistics)
#   BENCH_PG_HOST=127.0.0.1 BENCH_PG_PORT=5432 BENCH_PG_USER=postgres (PGPASSWORD)
#   JAVA_OPTS_KC_HEAP (default -Xms1g -Xmx1g)  ADMIN_HTTP_PORT, ADMIN_MANAGEMENT_PORT (default: free ports)
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "${bench_dir}")
work="${bench_dir}/target"

stores=${ADMIN_STORES:-5000}
tills=${ADMIN_TILLS:-50000}
tills_first=${ADMIN_TILLS_FIRST:-$((tills / 5))}
samples=${ADMIN_SAMPLES:-50}
warmup=${ADMIN_WARMUP:-5}
heap_interval=${ADMIN_HEAP_INTERVAL:-2}
stock_batch=${ADMIN_STOCK_BATCH:-500}
pg_database=${ADMIN_PG_DATABASE:-bench_admin}
admin_user=admin
admin_password=admin
till_realm=admin-till
stock_realm=admin-stock
password=benchpass123

log() { printf '[admin-scale %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

for tool in curl jq psql jstat jcmd mvn; do
  command -v "${tool}" >/dev/null 2>&1 || die "'${tool}' is not installed"
done
((stores >= 1 && tills >= stores && tills_first >= 1 && tills_first < tills)) \
  || die "need ADMIN_TILLS >= ADMIN_STORES >= 1 and 1 <= ADMIN_TILLS_FIRST < ADMIN_TILLS"
[[ "${pg_database}" =~ ^[a-z_][a-z0-9_]*$ ]] || die "ADMIN_PG_DATABASE must be a plain lower-case name"

run_dir="${work}/admin-scale/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "${run_dir}"
pg=(psql -q -v ON_ERROR_STOP=1 -h "${BENCH_PG_HOST:-127.0.0.1}" -p "${BENCH_PG_PORT:-5432}" -U "${BENCH_PG_USER:-postgres}" -d postgres)

server_pgid=""
sampler_pid=""
db_created=false
cleanup() {
  [[ -z "${sampler_pid}" ]] || kill "${sampler_pid}" 2>/dev/null || true
  if [[ -n "${server_pgid}" ]]; then
    log "Stopping Keycloak (process group ${server_pgid})"
    kill -TERM -- "-${server_pgid}" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 -- "-${server_pgid}" 2>/dev/null || break
      sleep 1
    done
    kill -KILL -- "-${server_pgid}" 2>/dev/null || true
  fi
  if [[ "${db_created}" == true && -z "${ADMIN_KEEP_DB:-}" ]]; then
    PGOPTIONS=--client-min-messages=warning "${pg[@]}" -c "DROP DATABASE IF EXISTS ${pg_database} WITH (FORCE)" >&2 || true
  fi
}
trap cleanup EXIT

# ---- server: the start-up of bench/run.sh's scale mode (same dist folder, same build options) ----------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port
  for port in $(shuf -i 20000-45000 -n 100); do
    port_in_use "${port}" || { echo "${port}"; return; }
  done
  die "no free port found"
}

start_server() {
  local version home jar build_options="--db=postgres --cache=local --health-enabled=true"
  version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "${root}/pom.xml" | head -n 1)
  home="${work}/keycloak-${version}"
  http_port=${ADMIN_HTTP_PORT:-$(free_port)}
  management_port=${ADMIN_MANAGEMENT_PORT:-$(free_port)}

  log "Building the extension JAR (mvn package, tests skipped)"
  (cd "${root}" && mvn -B package -DskipTests -Dspotless.check.skip=true) >"${run_dir}/mvn.log" 2>&1 \
    || { tail -n 40 "${run_dir}/mvn.log" >&2; die "mvn package failed (log: ${run_dir}/mvn.log)"; }
  (cd "${root}" && mvn -B -pl providers dependency:unpack@unpack-keycloak -Dkeycloak.dist.parent="${work}") \
    >>"${run_dir}/mvn.log" 2>&1 || { tail -n 40 "${run_dir}/mvn.log" >&2; die "unpacking Keycloak failed"; }

  if reuse_db; then
    log "PostgreSQL database ${pg_database}: reused as a previous run left it (ADMIN_REUSE_DB=1)"
  else
    log "PostgreSQL database ${pg_database}: dropped and created afresh"
    PGOPTIONS=--client-min-messages=warning "${pg[@]}" -c "DROP DATABASE IF EXISTS ${pg_database} WITH (FORCE)" \
      -c "CREATE DATABASE ${pg_database}" >&2 || die "cannot (re)create database ${pg_database} (BENCH_PG_HOST/PORT/USER, PGPASSWORD)"
    db_created=true
  fi
  export KC_DB_URL="jdbc:postgresql://${BENCH_PG_HOST:-127.0.0.1}:${BENCH_PG_PORT:-5432}/${pg_database}"
  export KC_DB_USERNAME="${BENCH_PG_USER:-postgres}" KC_DB_PASSWORD="${PGPASSWORD:-postgres}"

  jar=$(ls "${root}"/providers/target/keycloak-till-auth-*.jar)
  if cmp -s "${jar}" "${home}/providers/$(basename "${jar}")" \
    && [[ "$(cat "${home}/.bench-build-options" 2>/dev/null)" == "${build_options}" ]]; then
    log "kc.sh build skipped (same JAR and options as the last build in bench/target/)"
  else
    rm -f "${home}"/providers/keycloak-till-auth-*.jar "${home}/.bench-build-options"
    cp "${jar}" "${home}/providers/"
    log "kc.sh build ${build_options}"
    # shellcheck disable=SC2086 # word splitting of the options is intended
    "${home}/bin/kc.sh" build ${build_options} >"${run_dir}/kc-build.log" 2>&1 \
      || { tail -n 40 "${run_dir}/kc-build.log" >&2; die "kc.sh build failed (log: ${run_dir}/kc-build.log)"; }
    echo "${build_options}" >"${home}/.bench-build-options"
  fi

  export KC_BOOTSTRAP_ADMIN_USERNAME="${admin_user}" KC_BOOTSTRAP_ADMIN_PASSWORD="${admin_password}"
  export JAVA_OPTS_KC_HEAP="${JAVA_OPTS_KC_HEAP:--Xms1g -Xmx1g}"
  log "kc.sh start --optimized on http://127.0.0.1:${http_port} (PostgreSQL ${pg_database}, heap ${JAVA_OPTS_KC_HEAP})"
  local pgid_file="${run_dir}/server.pgid"
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "${pgid_file}" \
    "${home}/bin/kc.sh" start --optimized --http-enabled=true --hostname-strict=false \
    --http-host=127.0.0.1 --http-port="${http_port}" --http-management-port="${management_port}" \
    >"${run_dir}/keycloak-server.log" 2>&1 &
  base_url="http://127.0.0.1:${http_port}"
  for _ in $(seq 1 100); do
    [[ -s "${pgid_file}" ]] && break
    sleep 0.1
  done
  [[ -s "${pgid_file}" ]] || die "Keycloak did not start (log: ${run_dir}/keycloak-server.log)"
  server_pgid=$(cat "${pgid_file}")
  local deadline=$((SECONDS + 300))
  until curl -sf -o /dev/null "http://127.0.0.1:${management_port}/health/ready"; do
    kill -0 -- "-${server_pgid}" 2>/dev/null \
      || { tail -n 40 "${run_dir}/keycloak-server.log" >&2; die "Keycloak exited during start-up"; }
    ((SECONDS < deadline)) || die "Keycloak not ready within 300 s (log: ${run_dir}/keycloak-server.log)"
    sleep 1
  done
  java_pid=$(pgrep -g "${server_pgid}" java | head -n 1)
  [[ -n "${java_pid}" ]] || die "no java process in Keycloak's process group"
  log "Keycloak ready (JVM pid ${java_pid})"
}

# ---- hash cost (JMH) -----------------------------------------------------------------------------------------------
# Sets jmh_till and jmh_stock: "<score> ± <error>" ms per encode, or "not measured".
jmh_till="not measured" jmh_stock="not measured"
run_jmh() {
  [[ "${ADMIN_JMH:-1}" != 0 ]] || return 0
  local result="${run_dir}/jmh.json" options
  read -r -a options <<<"${ADMIN_JMH_OPTIONS:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
  log "JMH: tillEncodeDigest and stockArgon2EncodePlain (${options[*]}; log: ${run_dir}/jmh.log)"
  "${bench_dir}/jmh.sh" "${options[@]}" -rf json -rff "${result}" \
    'PasswordVerificationBenchmark\.(tillEncodeDigest|stockArgon2EncodePlain)$' >"${run_dir}/jmh.log" 2>&1 \
    || { tail -n 20 "${run_dir}/jmh.log" >&2; die "bench/jmh.sh failed (log: ${run_dir}/jmh.log)"; }
  score() { jq -r --arg b "$1" '.[] | select(.benchmark | endswith($b)) | .primaryMetric
    | "\(.score * 100 | round / 100)\(if (.scoreError | type) == "number" then " ± \(.scoreError * 100 | round / 100)" else "" end)"' \
    "${result}"; }
  jmh_till=$(score .tillEncodeDigest)
  jmh_stock=$(score .stockArgon2EncodePlain)
  log "JMH: tillEncodeDigest ${jmh_till} ms, stockArgon2EncodePlain ${jmh_stock} ms per operation"
}

# ---- admin REST ----------------------------------------------------------------------------------------------------
# The master realm's admin tokens live 60 s: one is reused for 30 s, then fetched again (never inside a timed request).
token=""
token_at=-100
fresh_token() {
  if ((SECONDS - token_at > 30)); then
    token=$(curl -sf "${base_url}/realms/master/protocol/openid-connect/token" -d grant_type=password \
      -d client_id=admin-cli -d "username=${admin_user}" -d "password=${admin_password}" | jq -r .access_token) \
      || die "no admin token"
    token_at=${SECONDS}
  fi
}
admin() { # admin METHOD PATH [curl args...]: prints the body, fails on non-2xx
  local method=$1 path=$2
  shift 2
  fresh_token
  curl -sS --fail-with-body -X "${method}" "${base_url}/admin${path}" -H "Authorization: Bearer ${token}" "$@"
}

code() { printf '%s-%0*d' "$1" "${#2}" "$3"; } # code PREFIX MAX N: store-0042 (as wide as MAX)
store_of() { code store "${stores}" $(((($1 - 1) % stores) + 1)); } # round robin

setup_realms() {
  log "Creating realms ${till_realm} (demo-org set-up) and ${stock_realm} (the same, stock password hashing)"
  local demo="${root}/realm-export/demo-org-realm.json"
  # The export's fixed flow ids (referenced by the clients' flow overrides) would collide between two realms made
  # from it: the stock realm's get another first block.
  jq --arg r "${till_realm}" 'del(.id) | .realm = $r | .users = [] | .displayName = "Admin scale (extension)"
    | .groups |= map(if .name == "stores" then .subGroups = [] else . end)' "${demo}" \
    | admin POST /realms -H 'Content-Type: application/json' --data-binary @- >/dev/null
  jq --arg r "${stock_realm}" 'walk(if type == "string" and test("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
      then "5a5a5a5a" + .[8:] else . end) | del(.id) | .realm = $r | .users = [] | .displayName = "Admin scale (stock)"
    | del(.passwordPolicy) | .groups |= map(select(.name != "stores"))' "${demo}" \
    | admin POST /realms -H 'Content-Type: application/json' --data-binary @- >/dev/null
}

# ---- heap sampling -------------------------------------------------------------------------------------------------
# One jstat process for the whole run (a jcmd per sample would cost the 2 cores a JVM start each time); each line:
# epoch seconds, heap used MB (survivors + eden + old), old generation used MB.
start_sampler() {
  local file="${run_dir}/heap.tsv"
  printf 'epoch\theap_used_mb\told_used_mb\n' >"${file}"
  jstat -gc "${java_pid}" "$((heap_interval * 1000))" 2>/dev/null | awk -v OFS='\t' '
    /S0C/ { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { printf "%d\t%.0f\t%.0f\n", systime(), ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024, $col["OU"] / 1024; fflush() }' \
    >>"${file}" &
  sampler_pid=$!
}
# Heap in use after a full GC (MB).
heap_after_gc() {
  jcmd "${java_pid}" GC.run >/dev/null 2>&1 || true
  jcmd "${java_pid}" GC.heap_info 2>/dev/null | awk '/total/ && /used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K$/, "", v); printf "%.0f\n", v / 1024; exit } }'
}
# heap_max FROM TO: max heap used and max old generation used (MB) sampled between two epoch seconds.
heap_max() {
  awk -F'\t' -v from="$1" -v to="$2" 'NR > 1 && $1 >= from && $1 <= to {
      if ($2 > h) h = $2; if ($3 > o) o = $3; n++ } END { if (n) printf "%d %d %d\n", h, o, n; else print "n/a n/a 0" }' "${run_dir}/heap.tsv"
}

# ---- imports -------------------------------------------------------------------------------------------------------
printf 'import\tside\titems\tseconds\tms_per_item\theap_before_mb\theap_max_mb\told_max_mb\theap_after_mb\tsamples\tnote\n' \
  >"${run_dir}/imports.tsv"
# Failed imports are counted in a file: the import steps run inside $(...) (their note is captured).
failure() { log "WARNING: $*"; echo "$*" >>"${run_dir}/failures.txt"; }

# record NAME SIDE ITEMS START_NS END_NS BEFORE_MB START_EPOCH END_EPOCH NOTE
record_import() {
  local seconds per_item after max
  seconds=$(awk -v a="$4" -v b="$5" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  per_item=$(awk -v a="$4" -v b="$5" -v n="$3" 'BEGIN { printf "%.1f", (b - a) / 1e6 / n }')
  max=$(heap_max "$7" "$8")
  after=$(heap_after_gc)
  read -r heap_max_mb old_max_mb heap_samples <<<"${max}"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${seconds}" "${per_item}" "$6" \
    "${heap_max_mb}" "${old_max_mb}" "${after}" "${heap_samples}" "$9" >>"${run_dir}/imports.tsv"
  log "$1 $2: $3 in ${seconds} s (${per_item} ms each); heap before ${6} MB, max ${heap_max_mb} MB (old gen ${old_max_mb} MB), after GC ${after} MB"
}

# import_file KIND CSV: uploads, polls the job until it ends; prints the final job JSON.
import_file() {
  local kind=$1 file=$2 answer id status job
  answer=$(admin POST "/realms/${till_realm}/organisation-import/${kind}" -H 'Content-Type: text/csv' \
    --data-binary "@${file}") || { echo "${answer}"; return 1; }
  id=$(jq -r .id <<<"${answer}")
  status=$(jq -r .status <<<"${answer}")
  job=${answer}
  while [[ "${status}" == running || "${status}" == queued ]]; do
    sleep 0.5
    job=$(admin GET "/realms/${till_realm}/organisation-import/${id}") || { echo "${job}"; return 1; }
    status=$(jq -r .status <<<"${job}")
  done
  echo "${job}"
}

# timed_import NAME SIDE ITEMS COMMAND...: runs COMMAND, records its time and the heap around it.
timed_import() {
  local name=$1 side=$2 items=$3 before t0 t1 e0 e1 note
  shift 3
  before=$(heap_after_gc)
  e0=$(date +%s)
  t0=$(date +%s%N)
  rm -f "${run_dir}/finished-at"
  note=$("$@")
  t1=$(date +%s%N)
  # A job's end is its finishedAt (server clock, same machine), not when the 0.5 s poll saw it.
  [[ ! -s "${run_dir}/finished-at" ]] || t1=$(($(cat "${run_dir}/finished-at") * 1000000))
  e1=$(date +%s)
  record_import "${name}" "${side}" "${items}" "${t0}" "${t1}" "${before}" "${e0}" "${e1}" "${note}"
}

till_job() { # till_job KIND CSV EXPECTED: the extension's import; prints a note, counts a failed job
  local job created failed
  if ! job=$(import_file "$1" "$2"); then
    failure "import of $2 answered: $(head -c 600 <<<"${job}")"
    echo "import failed"
    return
  fi
  echo "${job}" >>"${run_dir}/jobs.json"
  jq -r '.finishedAt // empty' <<<"${job}" >"${run_dir}/finished-at"
  created=$(jq -r .created <<<"${job}")
  if [[ "$(jq -r .status <<<"${job}")" != done || "${created}" != "$3" ]]; then
    failure "import job of $2 ended as: $(jq -c '{status, created, failed, message}' <<<"${job}")"
  fi
  jq -r '"job \(.status): \(.message // "")"' <<<"${job}"
}

stock_stores() { # all store groups in one partialImport
  local answer
  # Each group with its path: partialImport looks groups up by path (without one it fails with a NullPointerException).
  jq -n --argjson n "${stores}" '
    def code($p; $max; $i): $p + "-" + ($i | tostring | ("0" * (($max | tostring | length) - length)) + .);
    {ifResourceExists: "FAIL", groups: [{name: "stores", path: "/stores",
      subGroups: [range(1; $n + 1) | code("store"; $n; .) | {name: ., path: ("/stores/" + .)}]}]}' \
    | admin POST "/realms/${stock_realm}/partialImport" -H 'Content-Type: application/json' --data-binary @- >"${run_dir}/partial.json" \
    || failure "partialImport of the store groups failed: $(head -c 300 "${run_dir}/partial.json")"
  # partialImport counts the top group only; the store groups are counted in the realm.
  admin GET "/realms/${stock_realm}/groups?search=stores&exact=true&briefRepresentation=true" \
    | jq -r '"partialImport: \(.[] | select(.name == "stores") | .subGroupCount) store groups"' 2>/dev/null \
    || echo "partialImport failed"
}

stock_users() { # stock_users FROM TO: users FROM..TO in partialImport batches
  local from to added=0
  for ((from = $1; from <= $2; from += stock_batch)); do
    to=$((from + stock_batch - 1 > $2 ? $2 : from + stock_batch - 1))
    jq -nc --argjson from "${from}" --argjson to "${to}" --argjson stores "${stores}" --argjson tills "${tills}" \
      --arg password "${password}" '
      def code($p; $max; $i): $p + "-" + ($i | tostring | ("0" * (($max | tostring | length) - length)) + .);
      {ifResourceExists: "FAIL", users: [range($from; $to + 1) as $i | {
        username: code("user"; $tills; $i), enabled: true, realmRoles: ["till"],
        groups: ["/stores/" + code("store"; $stores; (($i - 1) % $stores) + 1)],
        credentials: [{type: "password", value: $password, temporary: false}]}]}' \
      | admin POST "/realms/${stock_realm}/partialImport" -H 'Content-Type: application/json' --data-binary @- \
        >"${run_dir}/partial.json" \
      || { failure "partialImport of users ${from}-${to} failed: $(head -c 300 "${run_dir}/partial.json")"; continue; }
    added=$((added + $(jq -r .added "${run_dir}/partial.json")))
  done
  echo "partialImport added ${added} in batches of ${stock_batch}"
}

run_imports() {
  local stores_csv="${run_dir}/stores.csv" first_csv="${run_dir}/tills-1.csv" rest_csv="${run_dir}/tills-2.csv"
  awk -v n="${stores}" 'BEGIN { print "code,name"; w = length(n "")
    for (i = 1; i <= n; i++) printf "store-%0" w "d,Store %d\n", i, i }' >"${stores_csv}"
  tills_csv() { # tills_csv FROM TO
    awk -v from="$1" -v to="$2" -v n="${tills}" -v s="${stores}" -v pw="${password}" 'BEGIN {
      print "code,store,password"; w = length(n ""); ws = length(s "")
      for (i = from; i <= to; i++) printf "till-%0" w "d,store-%0" ws "d,%s\n", i, ((i - 1) % s) + 1, pw }'
  }
  tills_csv 1 "${tills_first}" >"${first_csv}"
  tills_csv $((tills_first + 1)) "${tills}" >"${rest_csv}"
  local rest=$((tills - tills_first))
  log "Import: ${stores} stores, then ${tills_first} + ${rest} tills (extension) / users (stock partialImport)"
  timed_import stores extension "${stores}" till_job stores "${stores_csv}" "${stores}"
  [[ "${ADMIN_STOCK_IMPORTS:-1}" == 0 ]] || timed_import stores stock "${stores}" stock_stores
  timed_import "tills 1-${tills_first}" extension "${tills_first}" till_job tills "${first_csv}" "${tills_first}"
  [[ "${ADMIN_STOCK_IMPORTS:-1}" == 0 ]] || timed_import "tills 1-${tills_first}" stock "${tills_first}" stock_users 1 "${tills_first}"
  timed_import "tills $((tills_first + 1))-${tills}" extension "${rest}" till_job tills "${rest_csv}" "${rest}"
  # ADMIN_STOCK_REST=0: stock only for the first file (partialImport hashes on one thread: half the run's time).
  if [[ "${ADMIN_STOCK_REST:-1}" != 0 && "${ADMIN_STOCK_IMPORTS:-1}" != 0 ]]; then
    timed_import "tills $((tills_first + 1))-${tills}" stock "${rest}" stock_users $((tills_first + 1)) "${tills}"
  fi
}

# ---- latency -------------------------------------------------------------------------------------------------------
printf 'pair\tside\tsample\tstatus\tms\n' >"${run_dir}/latency.tsv"

# one_request PATH: one GET of the admin API; prints "status ms".
one_request() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "${base_url}/admin/realms/${till_realm}$1" \
    -H "Authorization: Bearer ${token}" | awk '{ printf "%s %.2f\n", $1, $2 * 1000 }'
}
# page_load: the Stores & tills screen's first load as organisation.js makes it, on one keep-alive connection: the
# page, its stylesheet and scripts (index.html order), then GET /stores and, after it, GET /tills. Prints "status ms"
# (status: the first non-200, else 200; ms: the sum of the transfers).
page_load() {
  local page="${base_url}/realms/${till_realm}/till-admin" api="${base_url}/admin/realms/${till_realm}"
  curl -s -w '%{http_code} %{time_total}\n' \
    -o /dev/null "${page}/" -o /dev/null "${page}/app.css" -o /dev/null "${page}/app.js" \
    -o /dev/null "${page}/organisation.js" -o /dev/null "${page}/access-groups.js" \
    --next -s -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer ${token}" \
    -o /dev/null "${api}/stores" -o /dev/null "${api}/tills" | awk '
    { ms += $2 * 1000; if ($1 != 200 && status == "") status = $1; n++ }
    END { if (n != 7 && status == "") status = "incomplete"; printf "%s %.2f\n", (status == "" ? 200 : status), ms }'
}
# stock_load: Keycloak's own first pages of the same two lists (the stores group's children, the users).
stock_load() {
  local api="${base_url}/admin/realms/${till_realm}"
  curl -s -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer ${token}" \
    -o /dev/null "${api}/groups/${stores_group}/children?first=0&max=100" -o /dev/null "${api}/users?first=0&max=100" \
    | awk '{ ms += $2 * 1000; if ($1 != 200 && status == "") status = $1; n++ }
      END { if (n != 2 && status == "") status = "incomplete"; printf "%s %.2f\n", (status == "" ? 200 : status), ms }'
}

# measure_pair NAME EXT_PATH STOCK_PATH: warm-up, then SAMPLES requests per side alternating A,B / B,A.
# A path "@page" / "@stock-page" stands for the sequences above.
take() { if [[ "$1" == @page ]]; then page_load; elif [[ "$1" == @stock-page ]]; then stock_load; else one_request "$1"; fi; }
latency_rows=()
measure_pair() {
  local name=$1 ext=$2 stock=$3 i side path result items_ext items_stock
  fresh_token
  items_ext=$(items "${ext}") items_stock=$(items "${stock}")
  for ((i = 0; i < warmup; i++)); do
    fresh_token
    take "${ext}" >/dev/null
    take "${stock}" >/dev/null
  done
  for ((i = 1; i <= samples; i++)); do
    fresh_token
    for side in $( ((i % 2)) && echo "extension stock" || echo "stock extension"); do
      [[ "${side}" == extension ]] && path=${ext} || path=${stock}
      result=$(take "${path}")
      printf '%s\t%s\t%s\t%s\t%s\n' "${name}" "${side}" "${i}" "${result% *}" "${result#* }" >>"${run_dir}/latency.tsv"
    done
  done
  latency_rows+=("${name}"$'\t'"${ext}"$'\t'"${stock}"$'\t'"${items_ext}"$'\t'"${items_stock}")
}
# items PATH: how many items the first answer holds (and X-Total-Count where sent), for the table.
items() {
  [[ "$1" != @* ]] || { echo "-"; return; }
  local headers body
  headers=$(mktemp "${run_dir}/headers.XXXX")
  body=$(curl -s -D "${headers}" "${base_url}/admin/realms/${till_realm}$1" -H "Authorization: Bearer ${token}")
  local total
  total=$(awk -F': *' 'tolower($1) == "x-total-count" { gsub(/\r/, "", $2); print $2 }' "${headers}")
  rm -f "${headers}"
  jq -r --arg total "${total}" 'if type == "array" then "\(length)\(if $total != "" then " of \($total)" else "" end)" else "?" end' \
    <<<"${body}" 2>/dev/null || echo "?"
}

# percentile P: nearest-rank percentile of the numbers on stdin.
percentile() { sort -g | awk -v p="$1" '{ a[NR] = $1 } END { if (NR == 0) { print "nan"; exit } r = int(p / 100 * NR); if (r < p / 100 * NR) r++; if (r < 1) r = 1; print a[r] }'; }
stat_of() { # stat_of PAIR SIDE P
  awk -F'\t' -v n="$1" -v s="$2" 'NR > 1 && $1 == n && $2 == s { print $5 }' "${run_dir}/latency.tsv" | percentile "$3"
}
errors_of() { awk -F'\t' -v n="$1" 'NR > 1 && $1 == n && $4 != 200 { e++ } END { print e + 0 }' "${run_dir}/latency.tsv"; }

run_lists() {
  fresh_token
  stores_group=$(admin GET "/realms/${till_realm}/groups?search=stores&exact=true&briefRepresentation=true" \
    | jq -r '.[] | select(.name == "stores") | .id')
  [[ -n "${stores_group}" ]] || die "no stores group in ${till_realm}"
  local mid_store=$((stores / 2)) mid_till=$((tills / 2))
  a_store=$(code store "${stores}" $(((stores + 1) / 2)))
  a_store_id=$(admin GET "/realms/${till_realm}/groups/${stores_group}/children?search=${a_store}&exact=true&max=10" \
    | jq -r '.[0].id')
  log "Lists: ${samples} requests per endpoint and side after ${warmup} of warm-up (store for ?store=: ${a_store})"
  measure_pair "stores, first page" "/stores?max=100" "/groups/${stores_group}/children?first=0&max=100"
  measure_pair "stores, middle page" "/stores?first=${mid_store}&max=100" "/groups/${stores_group}/children?first=${mid_store}&max=100"
  measure_pair "stores, search" "/stores?search=*-04*" "/groups/${stores_group}/children?search=*-04*&first=0&max=100"
  measure_pair "tills, first page" "/tills?max=100" "/users?first=0&max=100"
  measure_pair "tills, middle page" "/tills?first=${mid_till}&max=100" "/users?first=${mid_till}&max=100"
  measure_pair "tills, search" "/tills?search=*1234*" "/users?search=*1234*&first=0&max=100"
  measure_pair "tills of a store" "/tills?store=${a_store}" "/groups/${a_store_id}/members?first=0&max=100"
  measure_pair "screen first load" "@page" "@stock-page"
}

# ---- planner statistics ----------------------------------------------------------------------------------------------
# PostgreSQL plans the list queries from its table statistics. Right after tens of thousands of rows went in they
# describe the empty tables until autovacuum's analyze runs (on by default; within a minute or so), and the lists are
# an order of magnitude slower meanwhile (stale: 230-460 ms, analyzed: 6-50 ms at 50,000 tills). The lists are measured
# as a server with autovacuum on sees them a minute later: ANALYZE first (ADMIN_ANALYZE=0: measure them stale).
refresh_statistics() {
  autovacuum=$("${pg[@]}" -tAc 'SHOW autovacuum')
  if [[ "${ADMIN_ANALYZE:-1}" == 0 ]]; then
    statistics="as left by the imports (ADMIN_ANALYZE=0; autovacuum ${autovacuum} on this server)"
    return
  fi
  local t0=${SECONDS}
  "${pg[@]}" -d "${pg_database}" -c 'ANALYZE' || die "ANALYZE failed"
  statistics="refreshed by ANALYZE after the imports ($((SECONDS - t0)) s; autovacuum ${autovacuum} on this server)"
  log "PostgreSQL statistics ${statistics}"
}

# ---- main ----------------------------------------------------------------------------------------------------------
reuse_db() { [[ "${ADMIN_REUSE_DB:-0}" == 1 ]]; }
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
reuse_db || run_jmh
start_server
keycloak_version=$(admin GET /serverinfo | jq -r '.systemInfo.version')
reuse_db || setup_realms
start_sampler
heap_idle=$(heap_after_gc)
reuse_db || run_imports
refresh_statistics
run_lists
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
pg_version=$("${pg[@]}" -tAc 'SHOW server_version' | cut -d' ' -f1)

{
  echo
  echo "Organisation administration at size ${started} | Keycloak ${keycloak_version} | production mode (kc.sh build + start --optimized), PostgreSQL ${pg_version} (${pg_database}), cache local, HTTP 127.0.0.1, ${JAVA_OPTS_KC_HEAP}"
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; load average before ${load_before}, after ${load_after}"
  echo "Population: ${stores} stores, ${tills} tills (${tills_first} + $((tills - tills_first)), round robin over the stores) in ${till_realm}; the same store groups and as many users (plaintext password, till role, store group) in ${stock_realm}"
  echo "PostgreSQL planner statistics for the lists: ${statistics}"
  echo "Heap: in use after a full GC with the empty realms ${heap_idle} MB; during imports sampled every ${heap_interval} s (jstat: survivors + eden + old)"
  echo
  echo "Hash cost (JMH, before the server started, ms per operation ± 99.9 % half-width): tillEncodeDigest ${jmh_till} (per till: the import hashes on all $(nproc) cores, so expect ≈ this / $(nproc) per till or more); stockArgon2EncodePlain ${jmh_stock} (per user: partialImport hashes on one thread, so expect ≈ this per user or more)"
  echo
  if reuse_db; then
    echo "Imports: none (ADMIN_REUSE_DB=1: the population a previous run left in ${pg_database})"
    echo
  else
    echo "Imports (extension: upload sent to the job's finishedAt, the job polled every 0.5 s until done; stock: partialImport, first request sent to last answered)"
    echo
    echo "| import | side | items | seconds | ms per item | ratio ext/stock (time per item) | heap before (after GC) MB | heap max during MB | old gen max during MB | heap after (after GC) MB | note |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    awk -F'\t' 'NR > 1 { key = $1; if ($2 == "stock") stock[key] = $5; rows[NR] = $0 }
      END { for (i = 2; i <= NR; i++) { split(rows[i], f, "\t"); ratio = (f[2] == "extension" && stock[f[1]] > 0) ? sprintf("%.2f", f[5] / stock[f[1]]) : ""
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], f[4], f[5], ratio, f[6], f[7], f[8], f[9], f[11] } }' \
      "${run_dir}/imports.tsv"
    echo
  fi
  echo "Lists (admin API of ${till_realm}, ${samples} sequential curl requests per side after ${warmup} of warm-up, A,B / B,A alternating; ms; ratio = extension / stock; target: p95 < 300 ms per page)"
  echo
  echo "| list | extension request | items | p50 | p95 | stock request | items | p50 | p95 | ratio p50 | ratio p95 | p95 < 300 ms | errors |"
  echo "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|"
  for row in "${latency_rows[@]}"; do
    IFS=$'\t' read -r name ext stock items_ext items_stock <<<"${row}"
    e50=$(stat_of "${name}" extension 50) e95=$(stat_of "${name}" extension 95)
    s50=$(stat_of "${name}" stock 50) s95=$(stat_of "${name}" stock 95)
    [[ "${ext}" == @page ]] && ext="page + app.css + app.js + organisation.js + access-groups.js + GET /stores + GET /tills"
    [[ "${stock}" == @stock-page ]] && stock="GET /groups/{stores}/children?first=0&max=100 + GET /users?first=0&max=100"
    stock=${stock//${stores_group}/\{stores\}}
    stock=${stock//${a_store_id}/\{${a_store}\}}
    printf '| %s | `%s` | %s | %s | %s | `%s` | %s | %s | %s | %s | %s | %s | %s |\n' "${name}" "${ext}" "${items_ext}" \
      "${e50}" "${e95}" "${stock}" "${items_stock}" "${s50}" "${s95}" \
      "$(awk -v a="${e50}" -v b="${s50}" 'BEGIN { printf (b > 0) ? "%.2f" : "n/a", a / b }')" \
      "$(awk -v a="${e95}" -v b="${s95}" 'BEGIN { printf (b > 0) ? "%.2f" : "n/a", a / b }')" \
      "$(awk -v a="${e95}" 'BEGIN { print (a < 300) ? "met" : "MISSED" }')" "$(errors_of "${name}")"
  done
  echo
  echo "Files: ${run_dir} (imports.tsv, latency.tsv, heap.tsv, jobs.json, keycloak-server.log)"
} | tee "${run_dir}/table.md"

errors=$(awk -F'\t' 'NR > 1 && $4 != 200 { e++ } END { print e + 0 }' "${run_dir}/latency.tsv")
failures=0
[[ ! -f "${run_dir}/failures.txt" ]] || failures=$(wc -l <"${run_dir}/failures.txt")
if ((errors + failures > 0)); then
  log "${errors} failed request(s) in the lists, ${failures} failed import(s)"
  exit 1
fi
