#!/usr/bin/env bash
# Many organisations on one Keycloak, on PostgreSQL (issue #32 item 3).
#
#   bench/orgs-scale.sh                                  # levels 10 100 500 1000
#   ORGS_SCALE_LEVELS="2 4" bench/orgs-scale.sh          # a quick check (a few minutes)
#
# Starts ONE Keycloak in production mode on a PostgreSQL database of its own through the test harness's launcher
# (providers/src/test/java/org/tillauth/keycloak/bench/BenchTopology.java: kc.sh build + start --optimized, cache
# local, as bench/run.sh at scale), then for each level N:
#   fill   untimed onboardings until N organisations exist, each the real way: POST /admin/realms/master/organisations
#          (realm from the template), POST /stores (1 store), ORGS_SCALE_TILLS x POST /tills, ORGS_SCALE_CLIENTS x
#          POST /api-clients (secret returned once, kept in the run folder); ORGS_SCALE_PARALLEL workers; progress
#          with timestamps and the rate in the log and fill.tsv;
#   1      one more organisation, timed on a quiet server: the onboarding call alone, and the call plus its store,
#          tills and API clients (this one is the level's "last" organisation and counts towards the next level);
#   2      restart on the same database (--keep-db): process start (the JVM's start time in /proc) to the first 200
#          of /health/ready (polled every 0.2 s), Keycloak's own "started in", heap used after a full GC (jcmd);
#   3      p50/p95 of ORGS_SCALE_SAMPLES sequential curl requests (after ORGS_SCALE_WARMUP) in the first organisation
#          and in the last: a till login (password grant, pos-terminal, till code + MD5 digest), an API client's
#          client_credentials token, a gateway verify (till Basic); the verify's first request after the restart
#          (a cache miss) is reported on its own, its p50/p95 are the cached case;
#   4      the page's first load, ORGS_SCALE_PAGE_SAMPLES times each (after ORGS_SCALE_PAGE_WARMUP unrecorded
#          ones) with an empty cookie jar and no cache, as the
#          page does it (app.js, platform.js): index.html with its CSS and scripts, Keycloak's login form (code +
#          PKCE S256, client till-admin) with its CSS and scripts, the credentials posted, the page again with the
#          code, the code exchanged, then the first API calls; for the organisation administrator of the first and
#          of the last organisation (GET /api-clients and /api-clients/settings, the default screen) and for the
#          platform view (master admin: GET /admin/realms/master/organisations?first=0&max=20). The sum of curl's
#          time_total of those requests (JavaScript and rendering not included);
#   5      one GET /admin/realms?briefRepresentation=true (master admin; it loads every realm), then the heap after a
#          full GC again: after a start Keycloak loads a realm only when it is used.
# Writes bench/target/orgs-scale/<UTC time>/ (table.md re-written after every level, levels.tsv, latency.tsv,
# page.tsv, tokens.tsv (the page's access token size per view), fill.tsv, orgs/ (onboarding answers, API-client secrets), server logs per start) and prints the table. Exit 1 if a request failed, 2 on a set-up
# failure.
#
# Settings (environment):
#   ORGS_SCALE_LEVELS="10 100 500 1000"  ORGS_SCALE_SAMPLES=40  ORGS_SCALE_WARMUP=5
#   ORGS_SCALE_PAGE_SAMPLES=10  ORGS_SCALE_PAGE_WARMUP=2 (first loads per view, after that many unrecorded ones)
#   ORGS_SCALE_PARALLEL=1 (fill workers; 2 was slower on 2 cores)  ORGS_SCALE_TILLS=3  ORGS_SCALE_CLIENTS=2 (per organisation)
#   ORGS_SCALE_PG_DATABASE=bench_orgs_scale (dropped and created at the start, dropped at the end unless
#                          ORGS_SCALE_KEEP_DB=1)  BENCH_PG_HOST/BENCH_PG_PORT/BENCH_PG_USER (127.0.0.1/5432/postgres,
#                          PGPASSWORD)
#   JAVA_OPTS_KC_HEAP (default -Xms2g -Xmx2g)  ORGS_SCALE_SKIP_BUILD=1 (use the JAR and test classes in place)
#   Keycloak's caches are left at its defaults unless KC_CACHE_EMBEDDED_REALMS_MAX_COUNT,
#   KC_CACHE_EMBEDDED_USERS_MAX_COUNT, KC_CACHE_EMBEDDED_KEYS_MAX_COUNT, KC_CACHE_EMBEDDED_AUTHORIZATION_MAX_COUNT are
#   set; the values in force are written in the table's header.
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "${bench_dir}")
work="${bench_dir}/target"

levels=${ORGS_SCALE_LEVELS:-10 100 500 1000}
samples=${ORGS_SCALE_SAMPLES:-40}
warmup=${ORGS_SCALE_WARMUP:-5}
page_samples=${ORGS_SCALE_PAGE_SAMPLES:-10}
page_warmup=${ORGS_SCALE_PAGE_WARMUP:-2}
# One worker: filling 10 organisations on 2 shared cores (load average about 10, 2026-12-07), 1 worker took 3.3 s per
# organisation and 2 workers 4.8 s (realm creation is CPU-bound; 2 workers only add contention).
parallel=${ORGS_SCALE_PARALLEL:-1}
tills=${ORGS_SCALE_TILLS:-3}
clients=${ORGS_SCALE_CLIENTS:-2}
pg_database=${ORGS_SCALE_PG_DATABASE:-bench_orgs_scale}
heap=${JAVA_OPTS_KC_HEAP:--Xms2g -Xmx2g}
admin_user=${BENCH_ADMIN_USER:-admin}
admin_password=${BENCH_ADMIN_PASSWORD:-admin}
org_admin_password=Bench-Org-Admin-1

log() { printf '[orgs-scale %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }
for tool in curl jq jcmd md5sum mvn psql openssl java; do
  command -v "${tool}" >/dev/null 2>&1 || die "'${tool}' is not installed"
done
[[ "${pg_database}" =~ ^[a-z_][a-z0-9_]*$ ]] || die "ORGS_SCALE_PG_DATABASE must be a plain lower-case name"
prev=0
for level in ${levels}; do
  if ! [[ "${level}" =~ ^[0-9]+$ ]] || ((level < 1 || level < prev)); then
    die "ORGS_SCALE_LEVELS must be rising whole numbers >= 1"
  fi
  prev=${level}
done
((parallel >= 1 && tills >= 1 && clients >= 1 && samples >= 1 && page_samples >= 1)) \
  || die "ORGS_SCALE_PARALLEL, _TILLS, _CLIENTS, _SAMPLES, _PAGE_SAMPLES must be >= 1"

run_dir="${work}/orgs-scale/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "${run_dir}/orgs"
: >"${run_dir}/failures.log"
pg=(psql -q -v ON_ERROR_STOP=1 -h "${BENCH_PG_HOST:-127.0.0.1}" -p "${BENCH_PG_PORT:-5432}" -U "${BENCH_PG_USER:-postgres}" -d postgres)

launcher_pid=""
cleanup() {
  stop_server
  if [[ -z "${ORGS_SCALE_KEEP_DB:-}" ]]; then
    PGOPTIONS=--client-min-messages=warning "${pg[@]}" -c "DROP DATABASE IF EXISTS ${pg_database} WITH (FORCE)" >&2 || true
  else
    log "PostgreSQL database ${pg_database} kept (ORGS_SCALE_KEEP_DB=1)"
  fi
}
trap cleanup EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port
  for port in $(shuf -i 20000-45000 -n 100); do
    port_in_use "${port}" || { echo "${port}"; return; }
  done
  die "no free port found"
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# ---- server: the launcher of bench/lib/server.sh, restarted on the same database ------------------------------------
version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "${root}/pom.xml" | head -n 1)
if [[ -z "${ORGS_SCALE_SKIP_BUILD:-}" ]]; then
  log "Building the extension JAR and the test harness (mvn package, tests skipped)"
  (cd "${root}" && mvn -B package -DskipTests -Dspotless.check.skip=true) >"${run_dir}/mvn.log" 2>&1 \
    || { tail -n 40 "${run_dir}/mvn.log" >&2; die "mvn package failed (log: ${run_dir}/mvn.log)"; }
fi
log "Unpacking Keycloak ${version} (once) and resolving the harness's class path"
(cd "${root}" && mvn -B -pl providers dependency:unpack@unpack-keycloak dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="${run_dir}/classpath.txt") >>"${run_dir}/mvn.log" 2>&1 \
  || { tail -n 40 "${run_dir}/mvn.log" >&2; die "unpacking Keycloak failed (log: ${run_dir}/mvn.log)"; }
jar=$(ls "${root}"/providers/target/keycloak-till-auth-*.jar)
classpath="${root}/providers/target/test-classes:${root}/providers/target/classes:$(cat "${run_dir}/classpath.txt")"
http_port=$(free_port)
management_port=$(free_port)
base="http://127.0.0.1:${http_port}"
starts=0
clk_tck=$(getconf CLK_TCK)
boot_epoch=$(awk '/^btime/ { print $2 }' /proc/stat)

# start_server [--keep-db]: launcher up, node ready; sets java_pid, server_log, start_ms (process start to ready),
# kc_started_s (Keycloak's own "started in").
start_server() {
  starts=$((starts + 1))
  local env_file="${run_dir}/servers-${starts}.env" out="${run_dir}/start-${starts}"
  mkdir -p "${out}"
  (cd "${out}" && exec java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "${classpath}" \
    -Dkeycloak.home="${root}/providers/target/keycloak/keycloak-${version}" -Dprovider.jar="${jar}" \
    -Drealm.export.dir="${root}/realm-export" -Dtest.output.dir="${out}" \
    -Dcluster.postgres.url="jdbc:postgresql://${BENCH_PG_HOST:-127.0.0.1}:${BENCH_PG_PORT:-5432}/postgres" \
    -Dcluster.postgres.user="${BENCH_PG_USER:-postgres}" \
    org.tillauth.keycloak.bench.BenchTopology --env-file="${env_file}" --parent-pid=$$ --dist="${work}/keycloak" \
    --heap="${heap}" --topology=single --http-port="${http_port}" --management-port="${management_port}" \
    --pg-database="${pg_database}" "$@") >"${out}/launcher.log" 2>&1 &
  launcher_pid=$!
  local deadline=$((SECONDS + 900)) ready_ms=""
  until [[ -n "${ready_ms}" && -s "${env_file}" ]]; do
    kill -0 "${launcher_pid}" 2>/dev/null \
      || { tail -n 40 "${out}/launcher.log" >&2; launcher_pid=""; die "starting Keycloak failed (log: ${out}/launcher.log)"; }
    ((SECONDS < deadline)) || die "Keycloak not ready within 900 s (log: ${out}/launcher.log)"
    if [[ -z "${ready_ms}" ]] && curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:${management_port}/health/ready"; then
      ready_ms=$(now_ms)
    fi
    sleep 0.2
  done
  # server_base_url, server_mode, server_database, server_management_urls, server_jvm_pids, server_logs
  # shellcheck source=/dev/null
  source "${env_file}"
  # shellcheck disable=SC2154 # from the env file
  java_pid=${server_jvm_pids%% *}
  # shellcheck disable=SC2154 # from the env file
  server_log=${server_logs}
  # The JVM's start in ms since the epoch: /proc/<pid>/stat field 22 is clock ticks since boot.
  local started_ticks
  started_ticks=$(awk '{ sub(/^.*\) /, ""); print $20 }' "/proc/${java_pid}/stat")
  start_ms=$((ready_ms - (boot_epoch * 1000 + started_ticks * 1000 / clk_tck)))
  kc_started_s=$(grep -o 'started in [0-9.]*s' "${server_log}" | tail -n 1 | grep -o '[0-9.]*' || echo "n/a")
  log "Keycloak ready: ${base} (JVM ${java_pid}; ${start_ms} ms from process start, Keycloak: started in ${kc_started_s} s)"
}

stop_server() {
  [[ -n "${launcher_pid}" ]] || return 0
  log "Stopping Keycloak (launcher ${launcher_pid})"
  kill -TERM "${launcher_pid}" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "${launcher_pid}" 2>/dev/null || break
    sleep 1
  done
  kill -KILL "${launcher_pid}" 2>/dev/null || true
  launcher_pid=""
}

heap_after_gc() { # MB in use after a full GC
  jcmd "${java_pid}" GC.run >/dev/null 2>&1 || true
  jcmd "${java_pid}" GC.heap_info 2>/dev/null | awk '/total/ && /used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); printf "%.0f\n", v / 1024; exit } }'
}

# ---- admin REST ------------------------------------------------------------------------------------------------------
# The master realm's admin tokens live 60 s: one is reused for 30 s (per worker), never fetched inside a timed call.
token=""
token_at=-100
fresh_token() {
  if ((SECONDS - token_at > 30)); then
    token=$(curl -sf "${base}/realms/master/protocol/openid-connect/token" -d grant_type=password \
      -d client_id=admin-cli -d "username=${admin_user}" -d "password=${admin_password}" | jq -r .access_token) \
      || die "no admin token"
    token_at=${SECONDS}
  fi
}
fail() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >>"${run_dir}/failures.log"; log "FAILED $*"; }
failures() { wc -l <"${run_dir}/failures.log"; }
# api METHOD PATH [BODY]: prints the body; a status >= 400 is a failure
api() {
  local method=$1 path=$2 body=${3-} out status
  out=$(mktemp)
  local -a data=()
  [[ -z "${body}" ]] || data=(-H 'Content-Type: application/json' --data-binary "${body}")
  status=$(curl -s -o "${out}" -w '%{http_code}' -X "${method}" "${base}${path}" \
    -H "Authorization: Bearer ${token}" "${data[@]}")
  ((status < 400)) || fail "${method} ${path}: ${status} $(head -c 300 "${out}")"
  cat "${out}"
  rm -f "${out}"
}
md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }
org_code() { printf 'org-%05d' "$1"; }

# onboard N: organisation N the real way; its API clients' keys and secrets in orgs/<code>.clients (key TAB secret).
# Sets call_ms (the onboarding call alone).
onboard() {
  local code i t0
  code=$(org_code "$1")
  fresh_token
  t0=$(now_ms)
  api POST /admin/realms/master/organisations \
    '{"code":"'"${code}"'","name":"Organisation '"$1"'","administrator":{"email":"it@'"${code}"'.example"},"redirectUris":["https://'"${code}"'.example/*"]}' \
    >"${run_dir}/orgs/${code}.json"
  call_ms=$(($(now_ms) - t0))
  api POST "/admin/realms/${code}/stores" '{"code":"store-1","name":"Store 1"}' >/dev/null
  for i in $(seq 1 "${tills}"); do
    api POST "/admin/realms/${code}/tills" \
      '{"code":"till-'"${i}"'","store":"store-1","md5Digest":"'"$(md5 "${code}-till-${i}")"'"}' >/dev/null
  done
  : >"${run_dir}/orgs/${code}.clients"
  for i in $(seq 1 "${clients}"); do
    api POST "/admin/realms/${code}/api-clients" \
      '{"name":"Integration '"${i}"'","description":"bench","tokenExpiry":"30m","defaultTill":"till-1","useDefaultTillForInvalidTill":true,"accessGroup":"POS"}' \
      | jq -r '[.clientKey, .clientSecret] | @tsv' >>"${run_dir}/orgs/${code}.clients"
  done
}

# fill FROM TO: organisations FROM..TO by ORGS_SCALE_PARALLEL workers (each its own token), progress every 15 s.
fill() {
  local from=$1 to=$2 w started
  ((from <= to)) || return 0
  started=$(now_ms)
  local -a workers=()
  for ((w = 0; w < parallel; w++)); do
    # shellcheck disable=SC2030,SC2031 # each worker has its own admin token on purpose
    (
      token="" token_at=-100
      for ((n = from + w; n <= to; n += parallel)); do
        t0=$(now_ms)
        onboard "${n}"
        printf '%s\t%s\t%s\t%s\n' "$(now_ms)" "$(org_code "${n}")" "$(($(now_ms) - t0))" "${call_ms}" >>"${run_dir}/fill.tsv"
      done
    ) &
    workers+=($!)
  done
  local last_report=${SECONDS} done_count
  while :; do
    local alive=0
    for w in "${workers[@]}"; do kill -0 "${w}" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 1
    if ((SECONDS - last_report >= 15)); then
      last_report=${SECONDS}
      done_count=$(awk -F'\t' -v s="${started}" 'NR > 1 && $1 >= s' "${run_dir}/fill.tsv" | wc -l)
      log "fill: $((from - 1 + done_count)) of ${to} organisations; $(rate "${done_count}" "$(($(now_ms) - started))")"
    fi
  done
  for w in "${workers[@]}"; do wait "${w}" || die "a fill worker failed"; done
  fill_ms=$(($(now_ms) - started))
  fill_count=$((to - from + 1))
  log "fill: ${to} organisations exist; ${fill_count} made in $((fill_ms / 1000)) s, $(rate "${fill_count}" "${fill_ms}")"
}
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { if (n > 0) printf "%.2f s per organisation, %.1f organisations/min", ms / 1000 / n, n * 60000 / ms; else print "-" }'; }

# ---- latency ---------------------------------------------------------------------------------------------------------
# sample LEVEL ORG KIND CURL-ARGS...: one request; appends its ms to latency.tsv unless KIND is "-" (warm-up)
sample() {
  local level=$1 org=$2 kind=$3 code t
  shift 3
  read -r code t < <(curl -s -o "${run_dir}/last.out" -w '%{http_code} %{time_total}\n' "$@")
  [[ "${code}" == 200 ]] || fail "${kind} ${org}: ${code} $(head -c 300 "${run_dir}/last.out")"
  [[ "${kind}" == - ]] || printf '%s\t%s\t%s\t%s\n' "${level}" "${org}" "${kind}" "$(awk -v t="${t}" 'BEGIN { printf "%.2f", t * 1000 }')" >>"${run_dir}/latency.tsv"
}
series() { # LEVEL ORG KIND CURL-ARGS...: warm-up, then the samples
  local level=$1 org=$2 kind=$3 i
  shift 3
  for ((i = 0; i < warmup; i++)); do sample "${level}" "${org}" - "$@"; done
  for ((i = 0; i < samples; i++)); do sample "${level}" "${org}" "${kind}" "$@"; done
}
measure_org() { # LEVEL WHICH(first|last) CODE
  local level=$1 which=$2 code=$3 digest key secret basic
  digest=$(md5 "${code}-till-1")
  read -r key secret <"${run_dir}/orgs/${code}.clients"
  basic=$(printf '%s' "till-1:${digest}" | base64 -w0)
  series "${level}" "${which}" login "${base}/realms/${code}/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=pos-terminal -d username=till-1 -d "password=${digest}"
  series "${level}" "${which}" token "${base}/realms/${code}/protocol/openid-connect/token" \
    -d grant_type=client_credentials -d "client_id=${key}" -d "client_secret=${secret}"
  # The till's first verify since the restart is a miss of the verification cache: on its own.
  sample "${level}" "${which}" verify-miss "${base}/realms/${code}/till-auth/verify" -H "Authorization: Basic ${basic}"
  series "${level}" "${which}" verify "${base}/realms/${code}/till-auth/verify" -H "Authorization: Basic ${basic}"
}

# ---- the page's first load -------------------------------------------------------------------------------------------
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
# The stylesheets and scripts an HTML page names (absolute URLs).
assets_of() { # FILE PAGE-URL
  grep -oE '<(link[^>]*href|script[^>]*src)="[^"]+"' "$1" | sed -E 's/.*(href|src)="([^"]+)"/\2/' | sed 's/&amp;/\&/g' \
    | grep -vE '\.(ico|png|svg)$' | while read -r a; do
      case "${a}" in
        http*) echo "${a}" ;;
        /*) echo "${base}${a}" ;;
        *) echo "${2%/}/${a}" ;;
      esac
    done
}
# page_load LEVEL VIEW REALM(login realm) USER PASSWORD API-PATH...: one first load with an empty cookie jar; appends
# the steps and the total (ms, sums of curl's time_total) to page.tsv unless LEVEL is "-" (warm-up)
page_load() {
  local level=$1 view=$2 realm=$3 user=$4 password=$5
  shift 5
  local page="${base}/realms/${realm}/till-admin/" jar="${run_dir}/cookies" tmp="${run_dir}/page.tmp" times="${run_dir}/times.tmp"
  rm -f "${jar}"
  : >"${times}"
  local -a urls outs
  # 1 the page: index.html, then its CSS and scripts on the same connection
  curl -s -o "${tmp}.html" -w '%{time_total}\n' "${page}" >>"${times}"
  mapfile -t urls < <(assets_of "${tmp}.html" "${page}")
  outs=()
  for u in "${urls[@]}"; do outs+=(-o /dev/null "${u}"); done
  curl -s -w '%{time_total}\n' "${outs[@]}" >>"${times}"
  local t_page
  t_page=$(awk '{ s += $1 } END { printf "%.1f", s * 1000 }' "${times}")
  : >"${times}"
  # 2 sign-in: the login form (with its CSS and scripts), the credentials, the page again with the code, the token
  local verifier state challenge action location code
  verifier=$(openssl rand 32 | b64url)
  state=$(openssl rand 16 | b64url)
  challenge=$(printf '%s' "${verifier}" | openssl dgst -sha256 -binary | b64url)
  curl -s -c "${jar}" -b "${jar}" -o "${tmp}.login" -w '%{time_total}\n' -G "${base}/realms/${realm}/protocol/openid-connect/auth" \
    --data-urlencode client_id=till-admin --data-urlencode "redirect_uri=${page}" --data-urlencode response_type=code \
    --data-urlencode scope=openid --data-urlencode "state=${state}" --data-urlencode "code_challenge=${challenge}" \
    --data-urlencode code_challenge_method=S256 >>"${times}"
  mapfile -t urls < <(assets_of "${tmp}.login" "${base}/realms/${realm}/")
  if ((${#urls[@]})); then
    outs=()
    for u in "${urls[@]}"; do outs+=(-o /dev/null "${u}"); done
    curl -s -w '%{time_total}\n' "${outs[@]}" >>"${times}"
  fi
  action=$(grep -oE '<form[^>]*id="kc-form-login"[^>]*action="[^"]+"' "${tmp}.login" | sed -E 's/.*action="([^"]+)"/\1/' | sed 's/&amp;/\&/g')
  [[ -n "${action}" ]] || { fail "page ${view} ${realm}: no login form"; return 0; }
  read -r location t < <(curl -s -c "${jar}" -b "${jar}" -o /dev/null -w '%{redirect_url} %{time_total}\n' "${action}" \
    --data-urlencode "username=${user}" --data-urlencode "password=${password}" --data-urlencode credentialId=)
  echo "${t}" >>"${times}"
  code=$(sed -nE 's/.*[?&]code=([^&]+).*/\1/p' <<<"${location}")
  [[ -n "${code}" ]] || { fail "page ${view} ${realm}: sign-in gave no code (${location})"; return 0; }
  curl -s -o /dev/null -w '%{time_total}\n' "${location}" >>"${times}"
  curl -s -o "${tmp}.token" -w '%{time_total}\n' "${base}/realms/${realm}/protocol/openid-connect/token" \
    -d grant_type=authorization_code -d client_id=till-admin --data-urlencode "code=${code}" \
    --data-urlencode "redirect_uri=${page}" --data-urlencode "code_verifier=${verifier}" >>"${times}"
  local access
  access=$(jq -r '.access_token // empty' "${tmp}.token")
  [[ -n "${access}" ]] || { fail "page ${view} ${realm}: no token ($(head -c 300 "${tmp}.token"))"; return 0; }
  t_signin=$(awk '{ s += $1 } END { printf "%.1f", s * 1000 }' "${times}")
  : >"${times}"
  # 3 the first API calls of the screen, on one connection
  outs=()
  for u in "$@"; do outs+=(-o /dev/null "${base}${u}"); done
  local statuses
  # The token from a file: a page client whose token carries every role of every realm (as before the extension made
  # till-admin's tokens lightweight) outgrows the 128 KB a single command-line argument may have.
  printf 'Authorization: Bearer %s\n' "${access}" >"${tmp}.header"
  [[ "${level}" == - ]] || printf '%s\t%s\t%s\n' "${level}" "${view}" "${#access}" >>"${run_dir}/tokens.tsv"
  statuses=$(curl -s -H "@${tmp}.header" -H 'Content-Type: application/json' \
    -w '%{http_code} %{time_total}\n' "${outs[@]}")
  awk '{ print $2 }' <<<"${statuses}" >>"${times}"
  awk '$1 != 200' <<<"${statuses}" | grep -q . && fail "page ${view} ${realm}: API calls answered ${statuses//$'\n'/, }"
  t_api=$(awk '{ s += $1 } END { printf "%.1f", s * 1000 }' "${times}")
  [[ "${level}" == - ]] || printf '%s\t%s\t%s\t%s\t%s\t%s\n' "${level}" "${view}" "${t_page}" "${t_signin}" "${t_api}" \
    "$(awk -v a="${t_page}" -v b="${t_signin}" -v c="${t_api}" 'BEGIN { printf "%.1f", a + b + c }')" >>"${run_dir}/page.tsv"
  rm -f "${tmp}".* "${times}" "${jar}"
}

# An organisation administrator who signs in at once. Onboarding gives a one-time password with Update Password and
# no names, so a first sign-in also asks for first and last name (Keycloak's Verify Profile: the template's user
# profile requires them); those forms are the administrator's once only. The bench sets the names and a permanent
# password (reset-password, temporary false, which also clears Update Password).
ready_org_admin() { # CODE
  local code=$1 id
  fresh_token
  id=$(api GET "/admin/realms/${code}/users?username=it@${code}.example&exact=true" | jq -r '.[0].id')
  api GET "/admin/realms/${code}/users/${id}" | jq -c '.firstName = "IT" | .lastName = "Administrator"' >"${run_dir}/user.json"
  api PUT "/admin/realms/${code}/users/${id}" "$(cat "${run_dir}/user.json")" >/dev/null
  rm -f "${run_dir}/user.json"
  api PUT "/admin/realms/${code}/users/${id}/reset-password" \
    '{"type":"password","value":"'"${org_admin_password}"'","temporary":false}' >/dev/null
}

percentile() { # P: of the numbers on stdin
  sort -n | awk -v p="$1" '{ v[NR] = $1 } END { if (!NR) { print "-"; exit } i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; printf "%.1f", v[i] }'
}
lat() { # LEVEL ORG KIND P
  awk -F'\t' -v l="$1" -v o="$2" -v k="$3" '$1 == l && $2 == o && $3 == k { print $4 }' "${run_dir}/latency.tsv" | percentile "$4"
}
pagep() { # LEVEL VIEW P
  awk -F'\t' -v l="$1" -v v="$2" '$1 == l && $2 == v { print $6 }' "${run_dir}/page.tsv" | percentile "$3"
}
field() { # LEVEL COLUMN-NAME of levels.tsv
  awk -F'\t' -v l="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next } $1 == l { print $col[c] }' "${run_dir}/levels.tsv"
}

# ---- cache settings in force (recorded, not tuned) -------------------------------------------------------------------
# Keycloak 26's defaults for the local embedded caches (CacheConfigurator in keycloak-model-infinispan; `kc.sh start
# --help` names the options without their defaults): realms, users and authorization 10000 entries each, keys 1000.
cache_setting() { # ENV DEFAULT: the value in force
  local value=${!1:-}
  if [[ -n "${value}" ]]; then echo "${value} (set by $1)"; else echo "$2 (Keycloak default)"; fi
}

render_table() {
  {
    echo "# Many organisations on one Keycloak (PostgreSQL)"
    echo
    echo "Keycloak ${version}, ${server_mode:-production}, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ) (run ${run_dir##*/})."
    echo "Each organisation: onboarding call, 1 store, ${tills} tills, ${clients} API clients; fill with ${parallel} workers."
    echo "Latency: ${samples} sequential curl requests per figure after ${warmup} warm-up, new connection each; page"
    echo "first load: ${page_samples} per view after ${page_warmup} unrecorded, each the sum of curl's time_total over its"
    echo "requests (see below)."
    echo "Caches (embedded, local): realms ${cache_realms}; users ${cache_users}; keys ${cache_keys};"
    echo "authorization ${cache_authz}."
    echo
    echo "| N | fill (s per org) | onboard one more: call (ms) | with store, tills, clients (ms) | start (s) | Keycloak \"started in\" (s) | heap after start, full GC (MB) | page: org admin p50 / p95 (ms) | platform view p50 / p95 (ms) | GET /admin/realms (ms) | heap, every realm loaded (MB) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    local level
    for level in $(cut -f1 "${run_dir}/levels.tsv" | tail -n +2); do
      echo "| ${level} | $(field "${level}" fill_s_per_org) | $(field "${level}" onboard_call_ms) | $(field "${level}" onboard_ms) | $(field "${level}" start_s) | $(field "${level}" kc_started_s) | $(field "${level}" heap_mb) | $(pagep "${level}" org-first 50) / $(pagep "${level}" org-first 95) (first), $(pagep "${level}" org-last 50) / $(pagep "${level}" org-last 95) (last) | $(pagep "${level}" platform 50) / $(pagep "${level}" platform 95) | $(field "${level}" admin_realms_ms) | $(field "${level}" heap_all_realms_mb) |"
    done
    echo
    echo "| N | organisation | till login p50 / p95 (ms) | API-client token p50 / p95 | gateway verify p50 / p95 (cached) | verify, first after restart (miss) |"
    echo "|---|---|---|---|---|---|"
    for level in $(cut -f1 "${run_dir}/levels.tsv" | tail -n +2); do
      for which in first last; do
        echo "| ${level} | ${which} ($(field "${level}" "${which}_org")) | $(lat "${level}" "${which}" login 50) / $(lat "${level}" "${which}" login 95) | $(lat "${level}" "${which}" token 50) / $(lat "${level}" "${which}" token 95) | $(lat "${level}" "${which}" verify 50) / $(lat "${level}" "${which}" verify 95) | $(lat "${level}" "${which}" verify-miss 50) |"
      done
    done
    echo
    echo "N = organisations before the timed one (the last organisation of a level is that one; it counts towards the"
    echo "next level). Start: the JVM's process start to the first 200 of /health/ready (polled every 0.2 s) after a"
    echo "restart on the same database. Keycloak's \"started in\" is when it listens, before its initialisation"
    echo "(readiness check \"Keycloak Initialized\") ends. Heap: jcmd GC.run then GC.heap_info, right after the start. Verify p50/p95: the"
    echo "same till after its first request (verification cache hit); the miss column is that first request, made"
    echo "after the till's logins. Page first load: index.html + CSS + scripts (one connection), Keycloak's login form"
    echo "+ its CSS and scripts, the credentials POST, the page with the code, the code exchange (PKCE), then the"
    echo "screen's first API calls (org admin: GET /api-clients and /api-clients/settings, sequential on one"
    echo "connection where the page sends them together; platform: GET /admin/realms/master/organisations?first=0&max=20);"
    echo "no JavaScript runs, no rendering. Last two columns, after the page loads: one GET"
    echo "/admin/realms?briefRepresentation=true as master admin (the realm list of app.js and of the admin console),"
    echo "which loads every realm into Keycloak's cache (as far as it holds them), then the heap after a full GC."
    echo "Failed requests: $(failures)."
  } >"${run_dir}/table.md"
}

# ---- run ---------------------------------------------------------------------------------------------------------------
log "Results in ${run_dir}"
cache_realms=$(cache_setting KC_CACHE_EMBEDDED_REALMS_MAX_COUNT 10000)
cache_users=$(cache_setting KC_CACHE_EMBEDDED_USERS_MAX_COUNT 10000)
cache_keys=$(cache_setting KC_CACHE_EMBEDDED_KEYS_MAX_COUNT 1000)
cache_authz=$(cache_setting KC_CACHE_EMBEDDED_AUTHORIZATION_MAX_COUNT 10000)
log "Caches: realms ${cache_realms}; users ${cache_users}; keys ${cache_keys}; authorization ${cache_authz}"
log "PostgreSQL database ${pg_database}: dropped and created afresh; Keycloak heap ${heap}"
start_server
fresh_token
# The master realm's page client (idempotent): the platform view signs in with it.
api POST /admin/realms/master/api-clients/page-client >/dev/null
(($(failures) == 0)) || die "set-up failed (failures.log)"

printf 'epoch_ms\torganisation\tms\tcall_ms\n' >"${run_dir}/fill.tsv"
printf 'level\torganisation\tkind\tms\n' >"${run_dir}/latency.tsv"
printf 'level\tview\tpage_ms\tsignin_ms\tapi_ms\ttotal_ms\n' >"${run_dir}/page.tsv"
printf 'level\torganisations\tfill_count\tfill_s\tfill_s_per_org\tonboard_call_ms\tonboard_ms\tstart_s\tkc_started_s\theap_mb\tfirst_org\tlast_org\tadmin_realms_ms\theap_all_realms_mb\n' >"${run_dir}/levels.tsv"
made=0
for level in ${levels}; do
  log "Level ${level}: filling from ${made} to ${level} organisations"
  fill "$((made + 1))" "${level}"
  ((made >= level)) || made=${level}
  [[ "${fill_count:-0}" -gt 0 ]] || { fill_ms=0; fill_count=0; }

  # 1 one more, timed on a quiet server
  fresh_token
  n=$((made + 1))
  t0=$(now_ms)
  onboard "${n}"
  onboard_ms=$(($(now_ms) - t0))
  made=${n}
  first=$(org_code 1) last=$(org_code "${n}")
  log "Level ${level}: one more (${last}) in ${onboard_ms} ms, of which the onboarding call ${call_ms} ms"
  ready_org_admin "${first}"
  ready_org_admin "${last}"

  # 2 restart on the same database
  stop_server
  start_server --keep-db
  heap_mb=$(heap_after_gc)
  log "Level ${level}: heap after start ${heap_mb} MB"

  # 3 latency in the first and the last organisation
  measure_org "${level}" first "${first}"
  measure_org "${level}" last "${last}"
  log "Level ${level}: till login p50 first $(lat "${level}" first login 50) ms, last $(lat "${level}" last login 50) ms"

  # 4 the page's first load (a user's first visit, not the server's: ORGS_SCALE_PAGE_WARMUP loads of each view first)
  for ((i = -page_warmup; i < page_samples; i++)); do
    page_level=${level}
    ((i >= 0)) || page_level=-
    page_load "${page_level}" org-first "${first}" "it@${first}.example" "${org_admin_password}" \
      "/admin/realms/${first}/api-clients" "/admin/realms/${first}/api-clients/settings"
    page_load "${page_level}" org-last "${last}" "it@${last}.example" "${org_admin_password}" \
      "/admin/realms/${last}/api-clients" "/admin/realms/${last}/api-clients/settings"
    page_load "${page_level}" platform master "${admin_user}" "${admin_password}" \
      "/admin/realms/master/organisations?first=0&max=20"
  done

  # 5 every realm loaded: GET /admin/realms (the list app.js and the admin console's realm selector ask for), then the
  # heap after a full GC again (after the start, realms are loaded only when used)
  fresh_token
  # shellcheck disable=SC2031 # the main shell's token, not a worker's
  read -r status t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
    "${base}/admin/realms?briefRepresentation=true" -H "Authorization: Bearer ${token}")
  [[ "${status}" == 200 ]] || fail "GET /admin/realms: ${status}"
  realms_ms=$(awk -v t="${t}" 'BEGIN { printf "%.0f", t * 1000 }')
  heap_all_mb=$(heap_after_gc)
  log "Level ${level}: GET /admin/realms ${realms_ms} ms; heap with every realm loaded ${heap_all_mb} MB"

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${level}" "${made}" "${fill_count}" "$((fill_ms / 1000))" \
    "$(awk -v n="${fill_count}" -v ms="${fill_ms}" 'BEGIN { if (n > 0) printf "%.2f", ms / 1000 / n; else print "-" }')" \
    "${call_ms}" "${onboard_ms}" "$(awk -v ms="${start_ms}" 'BEGIN { printf "%.1f", ms / 1000 }')" "${kc_started_s}" \
    "${heap_mb}" "${first}" "${last}" "${realms_ms}" "${heap_all_mb}" >>"${run_dir}/levels.tsv"
  fill_count=0 fill_ms=0
  render_table
  log "Level ${level} done ($(failures) failed requests so far); table: ${run_dir}/table.md"
done
cat "${run_dir}/table.md"
log "Results in ${run_dir}"
(($(failures) == 0)) || exit 1
