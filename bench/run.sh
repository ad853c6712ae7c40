#!/usr/bin/env bash
# Benchmark: the extension's cost on the token path, measured side by side against stock Keycloak.
#
#   bench/run.sh
#
# builds the provider JAR, starts ONE Keycloak in production mode (`kc.sh build` + `kc.sh start --optimized`,
# embedded dev-file H2 database, local cache, HTTP on 127.0.0.1) through the test harness's start-up code
# (bench/lib/server.sh: the launcher BenchTopology in providers/src/test/java), imports two realms over the admin
# REST API (bench-stock: stock configuration; bench-till: configured for the extension), then runs wrk A/B pairs
# after a warm-up, interleaved A,B,B,A,A,B,B,A (so a steady drift, e.g. the JIT still warming up or other load
# fading, favours neither side), and prints a results table.
# Everything it writes stays under bench/target/ (git-ignored); the servers are stopped at the end (also on Ctrl-C or
# SIGTERM; if this script is killed outright, the launcher notices and stops them).
# The parts: bench/lib/server.sh (servers), realms.sh (admin REST, bench realms), scenarios.sh (sides, wrk windows),
# scale.sh (BENCH_SCALE), report.sh (table, chart).
#
# Settings (environment):
#   BENCH_ROUNDS=4  BENCH_DURATION=10 (s per side and round)  BENCH_WARMUP=20 (s per side)
#   BENCH_SETTLE=1 (s of quiet before every window, for the requests wrk abandoned at the end of the last one)
#   BENCH_THREADS=1 BENCH_CONNECTIONS=8 BENCH_PASSWORD_CONNECTIONS=4 (wrk; the latter for the password grants)  BENCH_HTTP_PORT, BENCH_MANAGEMENT_PORT (default: free ports)
#   BENCH_SCENARIOS=a,b   only these scenarios (default: all; names as in the table, e.g. basic_verify)
#   BENCH_BASE_URL=http://127.0.0.1:PORT   use that already running Keycloak (with the JAR deployed and bootstrap
#                                          admin BENCH_ADMIN_USER/BENCH_ADMIN_PASSWORD, default admin/admin)
#                                          instead of building and starting one; the bench realms are deleted at the
#                                          end (unless BENCH_KEEP_REALMS=1). The smoke test (BenchmarkSmokeIT)
#                                          uses this with 1 round of 1 s (warm-up 1 s, settle 0.2 s).
#   BENCH_JFR=1           record the scenarios with Java Flight Recorder (own server): results/<time>/server.jfr and
#                         jfr-summary.txt (share of CPU samples per code path, hottest methods; bench/jfr-summary.sh)
#   BENCH_SCALE=1|small   organisation scale: both realms seeded with stores, tills, service-account clients and groups
#                         (realm import + partialImport), on PostgreSQL, requests spread over random clients/tills/users.
#                         1: BENCH_SCALE_STORES=500 BENCH_SCALE_TILLS=50000 BENCH_SCALE_CLIENTS=500 BENCH_SCALE_GROUPS=30
#                         BENCH_SCALE_LOGINS=200 (users with a password); small: 20, 1000, 20, 5, 50; each overridable.
#                         BENCH_SCALE_DB=postgres (default; or dev-file) on BENCH_PG_HOST=127.0.0.1 BENCH_PG_PORT=5432
#                         BENCH_PG_USER=postgres (superuser, PGPASSWORD), database BENCH_SCALE_PG_DATABASE=bench_scale
#                         (dropped and re-created; kept at the end); BENCH_SCALE_BATCH=500 users per partialImport; BENCH_SCALE_POOL=10000 requests
#                         per pool. Users cache: KC_CACHE_EMBEDDED_USERS_MAX_COUNT, default 4 x (tills + clients) + 10000.
#                         BENCH_SCALE_KEEP=1 keeps an existing database and its seeded realms (the client policies and
#                         profiles of bench-till are re-applied); BENCH_SCALE_SEED_ONLY=1 stops right after seeding.
# The run writes chart.svg (median req/s and p99 per scenario and side; needs gnuplot, skipped with a message without).
# The table gives medians over rounds and their spread: each side's req/s min and max, and the B/A ratio of each round
# (min, median, max); every round is in results/<time>/rounds.tsv.
#   BENCH_METRICS=1   build with --metrics-enabled=true (the extension's meters and Keycloak's own on /metrics of the
#                     management port (each node's), scraped into results/<time>/metrics.txt at the end); compare a run
#                     with it against one without for the cost of metrics (docs/benchmark.md, "Metrics on and off";
#                     the "server CPU µs/req" column is the figure least moved by other load)
#   BENCH_CLUSTER=1   two nodes on PostgreSQL behind a round-robin nginx instead of one node (bench/lib/server.sh);
#                     PostgreSQL superuser BENCH_PG_SUPERUSER (default BENCH_PG_USER, postgres) on BENCH_PG_HOST/PORT
#   JAVA_OPTS_KC_HEAP="-Xms1g -Xmx1g" heap of each own node
# Exit status: 0 when every response of every measured window was a 2xx, 1 otherwise (the table is printed anyway).
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "${bench_dir}")
work="${bench_dir}/target"

rounds=${BENCH_ROUNDS:-4}
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-20}
settle=${BENCH_SETTLE:-1}
threads=${BENCH_THREADS:-1}
connections=${BENCH_CONNECTIONS:-8}
# Password grants are CPU-bound (one Argon2 hash each, and Keycloak runs at most one hash per core at a time):
# fewer connections keep their latency about hashing rather than queueing.
password_connections=${BENCH_PASSWORD_CONNECTIONS:-4}
http_port=${BENCH_HTTP_PORT:-}
management_port=${BENCH_MANAGEMENT_PORT:-}
admin_user=${BENCH_ADMIN_USER:-admin}
admin_password=${BENCH_ADMIN_PASSWORD:-admin}
base_url=${BENCH_BASE_URL:-}

stock_realm=bench-stock
till_realm=bench-till
# bench-stock plus client policies of the API-client policy's shape made of stock providers only: what Keycloak's own
# client-policy evaluation costs a realm that uses client policies at all (scenarios policy_engine, extension_own).
policies_realm=bench-stock-policies
# Same plain password for the stock user and the till; the till sends its MD5 hex digest.
user_password=benchpass123
till_digest=$(printf '%s' "${user_password}" | md5sum | cut -d' ' -f1)
api_dir="${bench_dir}/api-client"

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

for tool in wrk curl jq md5sum; do
  command -v "${tool}" >/dev/null 2>&1 || die "'${tool}' is not installed (Debian: apt-get install -y ${tool})"
done

mkdir -p "${work}"
run_dir="${work}/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "${run_dir}"
rounds_file="${run_dir}/rounds.tsv"
printf 'scenario\tside\tround\treq_per_s\tp50_ms\tp99_ms\terrors\trequests\tcpu_us_per_req\n' >"${rounds_file}"

own_server=false
cleanup() {
  if [[ "${own_server}" == false && -n "${base_url}" && -z "${BENCH_KEEP_REALMS:-}" ]]; then
    delete_realm "${stock_realm}" || true
    delete_realm "${till_realm}" || true
    delete_realm "${policies_realm}" || true
  fi
  stop_servers
}
trap cleanup EXIT
# Ctrl-C and SIGTERM end the run through the EXIT trap, which stops the servers.
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=lib/server.sh
source "${bench_dir}/lib/server.sh"
# shellcheck source=lib/realms.sh
source "${bench_dir}/lib/realms.sh"
# shellcheck source=lib/scenarios.sh
source "${bench_dir}/lib/scenarios.sh"
# shellcheck source=lib/scale.sh
source "${bench_dir}/lib/scale.sh"
# shellcheck source=lib/report.sh
source "${bench_dir}/lib/report.sh"

# ---- main ------------------------------------------------------------------------------------------------------
if [[ -n "${base_url}" && -z "${BENCH_CLUSTER:-}" ]]; then
  [[ "${base_url}" =~ ^http://(127\.0\.0\.1|localhost)(:[0-9]+)?$ ]] || die "BENCH_BASE_URL must be a loopback http URL"
  mode="already running server at ${base_url} (mode as started by its owner)"
else
  start_servers
  mode=${server_mode}
fi
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if scale_enabled; then scale_setup_realms; else setup_realms; fi

keycloak_version=$(admin GET /serverinfo | jq -r '.systemInfo.version')
stock_hash=$(password_storage "${stock_realm}" stock-user)
till_hash=$(password_storage "${till_realm}" bench.till)
[[ "${stock_hash}" == "argon2 "* ]] || die "stock-user's password is stored as '${stock_hash}', expected argon2"
[[ "${till_hash}" == "till-md5-argon2 "* ]] || die "bench.till's password is stored as '${till_hash}', expected till-md5-argon2"
[[ "${stock_hash#argon2 }" == "${till_hash#till-md5-argon2 }" ]] \
  || die "different Argon2 parameters: stock-user '${stock_hash}', bench.till '${till_hash}'"
api_label=$(head -n 1 "${api_dir}/label.txt")

jfr_start
scenario client_credentials side_stock_client_credentials side_api_client_credentials
heap_used=$(scale_heap_after_warmup)
if scale_enabled; then
  log "policy_engine, extension_own: skipped at scale (${policies_realm} has no population)"
else
  scenario policy_engine side_stock_client_credentials side_policies_client_credentials
  scenario extension_own side_policies_client_credentials side_api_client_credentials
fi
scenario password_grant side_stock_password side_till_password
scenario hashed_secret side_api_client_credentials side_hashed_client_credentials
compat_status=$(probe side_compat_generate)
if [[ "${compat_status}" == 404 ]]; then
  compat_line="compatible_endpoint: SKIPPED: endpoint not present (404) at /realms/${till_realm}/v3/oauth/token/generate"
  log "${compat_line}"
else
  compat_line=""
  scenario compatible_endpoint side_api_client_credentials side_compat_generate
fi
scenario basic_verify side_stock_realm_info side_gateway_basic
scenario basic_verify_vs_login side_till_password side_gateway_basic
# The bearer side presents one API-client token for its whole scenario, fetched right before it: the bench realm's
# tokens live 5 minutes (realm default), longer than the scenario (warm-up + rounds) but not than the whole run.
side_api_client_credentials
gateway_token=$(curl -s -X POST "${url}" -H "Content-Type: ${content_type}" --data-binary "${body}" | jq -r .access_token)
scenario bearer_verify side_stock_realm_info side_gateway_bearer
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
jfr_finish
save_metrics

report client_credentials side_stock_client_credentials "stock-service (stock realm)" \
  side_api_client_credentials "${api_label}" 0.98
if ! scale_enabled; then
  report policy_engine side_stock_client_credentials "stock-service (stock realm)" \
    side_policies_client_credentials "stock-service, realm with stock client policies of the API-client policy's shape" -
  report extension_own side_policies_client_credentials "stock-service, realm with stock client policies" \
    side_api_client_credentials "${api_label}" 0.98
fi
report password_grant side_stock_password "stock-user, stock-app, stock direct grant, argon2" \
  side_till_password "till MD5 login: bench.till, pos-terminal, till-md5-password, till-md5-argon2" 1.0
report hashed_secret side_api_client_credentials "api-client, plain secret (client-secret)" \
  side_hashed_client_credentials "api-client-hashed, same client with client-secret-hashed" 0.98
if [[ -z "${compat_line}" ]]; then
  report compatible_endpoint side_api_client_credentials "api-client, standard token endpoint" \
    side_compat_generate "api-client, POST /v3/oauth/token/generate (JSON)" 0.9
fi
report basic_verify side_stock_realm_info "GET /realms/{realm} (stock, cheapest endpoint)" \
  side_gateway_basic "GET /till-auth/verify, till Basic (cache hit)" 0.5
report basic_verify_vs_login side_till_password "till MD5 token login (one Argon2id)" \
  side_gateway_basic "GET /till-auth/verify, till Basic (cache hit)" 20
report bearer_verify side_stock_realm_info "GET /realms/{realm} (stock, cheapest endpoint)" \
  side_gateway_bearer "GET /till-auth/verify, API-client Bearer token + access group" -

print_table
write_chart "Benchmark ${started}: stock (A) vs extension (B)$(scale_enabled && echo ", scale ${scale_tills} tills / ${scale_clients} clients")"

if ((total_errors > 0)); then
  log "${total_errors} failed response(s) in measured windows (details: ${run_dir}/wrk.log)"
  exit 1
fi
