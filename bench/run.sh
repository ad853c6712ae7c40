#!/usr/bin/env bash
# Benchmark: the extension's cost on the token path, measured side by side against stock Keycloak.
#
#   bench/run.sh
#
# builds the provider JAR, starts ONE Keycloak in production mode (`kc.sh build` + `kc.sh start --optimized`,
# embedded dev-file H2 database, local cache, HTTP on 127.0.0.1) from a distribution unpacked under bench/target/,
# imports two realms over the admin REST API (bench-stock: stock configuration; bench-till: configured for the
# extension), then runs wrk A/B pairs after a warm-up, interleaved A,B,B,A,A,B,B,A (so a steady drift, e.g. the
# JIT still warming up or other load fading, favours neither side), and prints a results table.
# Everything it writes stays under bench/target/ (git-ignored); the server is stopped at the end.
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
#                         BENCH_PG_USER=postgres (PGPASSWORD), database BENCH_SCALE_PG_DATABASE=bench_scale (dropped and
#                         re-created); BENCH_SCALE_BATCH=500 users per partialImport; BENCH_SCALE_POOL=10000 requests
#                         per pool. Users cache: KC_CACHE_EMBEDDED_USERS_MAX_COUNT, default 4 x (tills + clients) + 10000.
#                         BENCH_SCALE_KEEP=1 keeps an existing database and its seeded realms (the client policies and
#                         profiles of bench-till are re-applied); BENCH_SCALE_SEED_ONLY=1 stops right after seeding.
# The run writes chart.svg (median req/s and p99 per scenario and side; needs gnuplot, skipped with a message without).
# The table gives medians over rounds and their spread: each side's req/s min and max, and the B/A ratio of each round
# (min, median, max); every round is in results/<time>/rounds.tsv.
#   BENCH_METRICS=1   build with --metrics-enabled=true (the extension's meters and Keycloak's own on /metrics of the
#                     management port, scraped into results/<time>/metrics.txt at the end); compare a run with it
#                     against one without for the cost of metrics (docs/benchmark.md, "Metrics on and off")
#   BENCH_CLUSTER=1   two nodes on PostgreSQL behind a round-robin nginx instead of one node (see start_cluster)
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

server_pgid=""
own_server=false

cleanup() {
  if [[ "${own_server}" == false && -n "${base_url}" && -z "${BENCH_KEEP_REALMS:-}" ]]; then
    delete_realm "${stock_realm}" || true
    delete_realm "${till_realm}" || true
    delete_realm "${policies_realm}" || true
  fi
  if [[ -n "${server_pgid}" ]]; then
    log "Stopping Keycloak (process group ${server_pgid})"
    kill -TERM -- "-${server_pgid}" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 -- "-${server_pgid}" 2>/dev/null || break
      sleep 1
    done
    kill -KILL -- "-${server_pgid}" 2>/dev/null || true
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

start_server() {
  local version home
  version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "${root}/pom.xml" | head -n 1)
  home="${work}/keycloak-${version}"
  http_port=${http_port:-$(free_port)}
  management_port=${management_port:-$(free_port)}
  port_in_use "${http_port}" && die "port ${http_port} is in use (set BENCH_HTTP_PORT)"
  port_in_use "${management_port}" && die "port ${management_port} is in use (set BENCH_MANAGEMENT_PORT)"

  log "Building the extension JAR (mvn package, tests skipped)"
  (cd "${root}" && mvn -B package -DskipTests -Dspotless.check.skip=true) >"${run_dir}/mvn.log" 2>&1 \
    || { tail -n 40 "${run_dir}/mvn.log" >&2; die "mvn package failed (log: ${run_dir}/mvn.log)"; }
  log "Unpacking Keycloak ${version} into bench/target/ (once, through Maven)"
  (cd "${root}" && mvn -B -pl providers dependency:unpack@unpack-keycloak -Dkeycloak.dist.parent="${work}") \
    >>"${run_dir}/mvn.log" 2>&1 || { tail -n 40 "${run_dir}/mvn.log" >&2; die "unpacking Keycloak failed"; }
  local jar build_options
  scale_db_setup
  build_options="${db_option} --cache=local --health-enabled=true"
  if [[ "${BENCH_METRICS:-0}" == 1 ]]; then
    build_options+=" --metrics-enabled=true"
  fi
  jar=$(ls "${root}"/providers/target/keycloak-till-auth-*.jar)
  rm -rf "${home}/data/h2"
  # Re-augment only when the JAR or the build options changed since the last `kc.sh build` here.
  if cmp -s "${jar}" "${home}/providers/$(basename "${jar}")" \
    && [[ "$(cat "${home}/.bench-build-options" 2>/dev/null)" == "${build_options}" ]]; then
    log "kc.sh build skipped (same JAR and options as the last build in bench/target/)"
  else
    rm -f "${home}"/providers/keycloak-till-auth-*.jar "${home}/.bench-build-options"
    cp "${jar}" "${home}/providers/"
    log "kc.sh build ${build_options} (production mode: ${db_option#--db=} database, local cache, health endpoint)"
    # shellcheck disable=SC2086 # word splitting of the options is intended
    "${home}/bin/kc.sh" build ${build_options} >"${run_dir}/kc-build.log" 2>&1 \
      || { tail -n 40 "${run_dir}/kc-build.log" >&2; die "kc.sh build failed (log: ${run_dir}/kc-build.log)"; }
    echo "${build_options}" >"${home}/.bench-build-options"
  fi

  log "kc.sh start --optimized on http://127.0.0.1:${http_port} (heap ${JAVA_OPTS_KC_HEAP:--Xms1g -Xmx1g})"
  export KC_BOOTSTRAP_ADMIN_USERNAME="${admin_user}" KC_BOOTSTRAP_ADMIN_PASSWORD="${admin_password}"
  export JAVA_OPTS_KC_HEAP="${JAVA_OPTS_KC_HEAP:--Xms1g -Xmx1g}"
  # Own session = own process group (its id written to a file), so the JVM kc.sh forks is stopped with it.
  local pgid_file="${run_dir}/server.pgid"
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "${pgid_file}" \
    "${home}/bin/kc.sh" start --optimized --http-enabled=true --hostname-strict=false \
    --http-host=127.0.0.1 --http-port="${http_port}" --http-management-port="${management_port}" \
    >"${run_dir}/keycloak-server.log" 2>&1 &
  own_server=true
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
  log "Keycloak ready"
}

# ---- two-node cluster on PostgreSQL (BENCH_CLUSTER=1) ---------------------------------------------------------------
# Two nodes in production mode (`kc.sh build --db=postgres`, `start --optimized`, default clustering: cache ispn,
# jdbc-ping discovery, bound to 127.0.0.1) on one PostgreSQL database, behind a round-robin nginx load balancer whose
# URL is both nodes' --hostname: every scenario's load is split across the nodes, and a token or lockout made on one
# node is used on the other at random. Stock and extension realms live in the same cluster, as in the single-node run.
# Settings: BENCH_PG_HOST=127.0.0.1 BENCH_PG_PORT=5432 BENCH_PG_SUPERUSER=postgres (psql; a role and database
# `bench_cluster` are created and dropped again), JAVA_OPTS_KC_HEAP per node (default -Xms1g -Xmx1g).
cluster_pgids=()
cluster_db_created=false

cluster_psql() {
  psql -h "${BENCH_PG_HOST:-127.0.0.1}" -p "${BENCH_PG_PORT:-5432}" -U "${BENCH_PG_SUPERUSER:-postgres}" \
    -d postgres -v ON_ERROR_STOP=1 -qAt -c "$1"
}

cluster_free_bind_port() { # JGroups also listens at port + 50000
  local port
  for port in $(shuf -i 10000-15000 -n 100); do
    port_in_use "${port}" || port_in_use $((port + 50000)) || { echo "${port}"; return; }
  done
  die "no free cluster port found"
}

# cluster_detach LOG COMMAND...: starts COMMAND in its own session, remembers its process group.
cluster_detach() {
  local log=$1 pgid_file
  shift
  pgid_file=$(mktemp "${run_dir}/pgid.XXXX")
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "${pgid_file}" "$@" >"${log}" 2>&1 &
  for _ in $(seq 1 100); do
    [[ -s "${pgid_file}" ]] && break
    sleep 0.1
  done
  [[ -s "${pgid_file}" ]] || die "could not start $1 (log: ${log})"
  cluster_pgids+=("$(cat "${pgid_file}")")
}

cluster_stop() {
  local pgid
  for pgid in "${cluster_pgids[@]}"; do
    kill -TERM -- "-${pgid}" 2>/dev/null || true
  done
  for pgid in "${cluster_pgids[@]}"; do
    for _ in $(seq 1 30); do
      kill -0 -- "-${pgid}" 2>/dev/null || break
      sleep 1
    done
    kill -KILL -- "-${pgid}" 2>/dev/null || true
  done
  if [[ "${cluster_db_created}" == true ]]; then
    log "Dropping database bench_cluster"
    cluster_psql "DROP DATABASE IF EXISTS bench_cluster WITH (FORCE)" || true
    cluster_psql "DROP ROLE IF EXISTS bench_cluster" || true
  fi
}

start_cluster() {
  local version home jar build_options="--db=postgres --health-enabled=true" front node
  command -v psql >/dev/null 2>&1 || die "'psql' is not installed (Debian: apt-get install -y postgresql)"
  local nginx_bin
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  [[ -x "${nginx_bin}" ]] || die "'nginx' is not installed (Debian: apt-get install -y nginx)"
  trap 'cluster_stop; cleanup' EXIT
  cluster_psql "SELECT 1" >/dev/null || die "PostgreSQL not reachable as ${BENCH_PG_SUPERUSER:-postgres} (see docs/production.md)"
  version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "${root}/pom.xml" | head -n 1)
  home="${work}/cluster/keycloak-${version}"

  log "Building the extension JAR (mvn package, tests skipped)"
  (cd "${root}" && mvn -B package -DskipTests -Dspotless.check.skip=true) >"${run_dir}/mvn.log" 2>&1 \
    || { tail -n 40 "${run_dir}/mvn.log" >&2; die "mvn package failed (log: ${run_dir}/mvn.log)"; }
  log "Unpacking Keycloak ${version} into bench/target/cluster/ (once, through Maven)"
  (cd "${root}" && mvn -B -pl providers dependency:unpack@unpack-keycloak -Dkeycloak.dist.parent="${work}/cluster") \
    >>"${run_dir}/mvn.log" 2>&1 || { tail -n 40 "${run_dir}/mvn.log" >&2; die "unpacking Keycloak failed"; }
  jar=$(ls "${root}"/providers/target/keycloak-till-auth-*.jar)
  if cmp -s "${jar}" "${home}/providers/$(basename "${jar}")" \
    && [[ "$(cat "${home}/.bench-build-options" 2>/dev/null)" == "${build_options}" ]]; then
    log "kc.sh build skipped (same JAR and options as the last cluster build)"
  else
    rm -f "${home}"/providers/keycloak-till-auth-*.jar "${home}/.bench-build-options"
    cp "${jar}" "${home}/providers/"
    log "kc.sh build ${build_options}"
    # shellcheck disable=SC2086 # word splitting of the options is intended
    "${home}/bin/kc.sh" build ${build_options} >"${run_dir}/kc-build.log" 2>&1 \
      || { tail -n 40 "${run_dir}/kc-build.log" >&2; die "kc.sh build failed (log: ${run_dir}/kc-build.log)"; }
    echo "${build_options}" >"${home}/.bench-build-options"
  fi

  log "Creating role and database bench_cluster"
  cluster_psql "DROP DATABASE IF EXISTS bench_cluster WITH (FORCE)"
  cluster_psql "DROP ROLE IF EXISTS bench_cluster"
  cluster_psql "CREATE ROLE bench_cluster LOGIN PASSWORD 'bench_cluster'"
  cluster_psql "CREATE DATABASE bench_cluster OWNER bench_cluster"
  cluster_db_created=true

  front=$(free_port)
  export KC_BOOTSTRAP_ADMIN_USERNAME="${admin_user}" KC_BOOTSTRAP_ADMIN_PASSWORD="${admin_password}"
  export JAVA_OPTS_KC_HEAP="${JAVA_OPTS_KC_HEAP:--Xms1g -Xmx1g}"
  local -a http_ports=() management_ports=()
  for node in a b; do
    http_ports+=("$(free_port)")
    management_ports+=("$(free_port)")
    log "Node ${node}: kc.sh start --optimized on http://127.0.0.1:${http_ports[-1]}"
    cluster_detach "${run_dir}/keycloak-${node}.log" "${home}/bin/kc.sh" start --optimized \
      --http-enabled=true --http-host=127.0.0.1 --http-port="${http_ports[-1]}" \
      --http-management-port="${management_ports[-1]}" --hostname="http://127.0.0.1:${front}" \
      --db-url="jdbc:postgresql://${BENCH_PG_HOST:-127.0.0.1}:${BENCH_PG_PORT:-5432}/bench_cluster" \
      --db-username=bench_cluster --db-password=bench_cluster \
      --cache=ispn --cache-stack=jdbc-ping --cache-embedded-network-bind-address=127.0.0.1 \
      --cache-embedded-network-bind-port="$(cluster_free_bind_port)"
  done
  local deadline=$((SECONDS + 600)) i
  for i in 0 1; do
    until curl -sf -o /dev/null "http://127.0.0.1:${management_ports[i]}/health/ready"; do
      ((SECONDS < deadline)) || die "cluster node not ready within 600 s (logs: ${run_dir}/keycloak-{a,b}.log)"
      sleep 1
    done
  done
  for node in a b; do
    # e.g. "ISPN000094: Received new cluster view for channel ISPN: [a-1(v=16.0.14)|1] (2) [a-1(...), b-2(...)]"
    until [[ "$(grep 'ISPN000094: Received new cluster view' "${run_dir}/keycloak-${node}.log" | tail -n 1 \
      | grep -o '\] ([0-9]*) \[')" == "] (2) [" ]]; do
      ((SECONDS < deadline)) || die "node ${node} never saw a cluster view of 2 (log: ${run_dir}/keycloak-${node}.log)"
      sleep 1
    done
  done
  log "Cluster of 2 formed; nginx round-robin load balancer on http://127.0.0.1:${front}"

  mkdir -p "${run_dir}/nginx"
  cat >"${run_dir}/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid ${run_dir}/nginx/nginx.pid;
error_log ${run_dir}/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${run_dir}/nginx/body;
  proxy_temp_path ${run_dir}/nginx/proxy;
  fastcgi_temp_path ${run_dir}/nginx/fastcgi;
  uwsgi_temp_path ${run_dir}/nginx/uwsgi;
  scgi_temp_path ${run_dir}/nginx/scgi;
  upstream keycloak {
    server 127.0.0.1:${http_ports[0]};
    server 127.0.0.1:${http_ports[1]};
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${front};
    location / {
      proxy_pass http://keycloak;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
    }
  }
}
NGINX
  cluster_detach "${run_dir}/nginx/stdout.log" "${nginx_bin}" -p "${run_dir}/nginx" -c "${run_dir}/nginx/nginx.conf" \
    -e "${run_dir}/nginx/error.log" -g 'daemon off;'
  for _ in $(seq 1 50); do
    curl -sf -o /dev/null "http://127.0.0.1:${front}/realms/master" && break
    sleep 0.2
  done
  own_server=true
  base_url="http://127.0.0.1:${front}"
  cluster_mode="two-node cluster: kc.sh build --db=postgres + start --optimized, PostgreSQL $(cluster_psql 'SHOW server_version' | cut -d' ' -f1), cache ispn (jdbc-ping), nginx round robin over both nodes, ${JAVA_OPTS_KC_HEAP} per node"
}

admin_token() {
  curl -sf "${base_url}/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=${admin_user}" --data-urlencode "password=${admin_password}" | jq -r .access_token
}

admin() { # admin METHOD PATH [curl args...]: prints the body, fails on non-2xx
  local method=$1 path=$2
  shift 2
  curl -sS --fail-with-body -X "${method}" "${base_url}/admin${path}" \
    -H "Authorization: Bearer $(admin_token)" "$@"
}

delete_realm() {
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "${base_url}/admin/realms/$1" \
    -H "Authorization: Bearer $(admin_token)")
  [[ "${status}" == 204 || "${status}" == 404 ]] || die "deleting realm $1 answered ${status}"
}

# bench-till = realms/bench-till.json + api-client/client.json (appended to clients) + api-client/realm.json
# (arrays appended, other keys replaced) + api-client-hashed: the same client with the hashed-secret authenticator
# (client-secret-hashed) and the same secret, kept only as its salted HMAC (the documented storage format).
hashed_secret='hmac-sha256:2yYzgECkrrGJ6CtGUiRHRA:VJOncnsfXvsAZKs4VpAyhzcShIyrV4GdbRMcJfkeRko' # bench-api-secret
till_realm_json() {
  jq --slurpfile client "${api_dir}/client.json" --slurpfile extra "${api_dir}/realm.json" --arg hash "${hashed_secret}" '
    .clients += $client
    | .clients += [$client[0] | .clientId = "api-client-hashed" | .name = "API client, hashed secret (benchmark)"
        | .clientAuthenticatorType = "client-secret-hashed" | del(.secret)
        | .attributes = ((.attributes // {}) + {"tillauth.secret.hash": $hash})]
    | reduce ($extra[0] | to_entries[]) as $e (.;
        if (.[$e.key] | type) == "array" and ($e.value | type) == "array"
        then .[$e.key] += $e.value else .[$e.key] = $e.value end)
  ' "${bench_dir}/realms/bench-till.json"
}

setup_realms() {
  log "Importing realms ${stock_realm} and ${till_realm} through the admin REST API"
  delete_realm "${stock_realm}"
  delete_realm "${till_realm}"
  admin POST /realms -H 'Content-Type: application/json' --data-binary "@${bench_dir}/realms/bench-stock.json" >/dev/null
  till_realm_json | admin POST /realms -H 'Content-Type: application/json' --data-binary @- >/dev/null
  delete_realm "${policies_realm}"
  jq -s '.[0] + .[1]' "${bench_dir}/realms/bench-stock.json" "${bench_dir}/realms/bench-stock-policies.json" \
    | admin POST /realms -H 'Content-Type: application/json' --data-binary @- >/dev/null
}

# Prints how the user's password is stored, e.g. "argon2 hashLength=32 memory=7168 parallelism=1 type=id ...".
password_storage() {
  local realm=$1 username=$2 id
  id=$(admin GET "/realms/${realm}/users?exact=true&username=${username}" | jq -r '.[0].id')
  admin GET "/realms/${realm}/users/${id}/credentials" | jq -r '.[] | select(.type == "password")
    | .credentialData | fromjson
    | [.algorithm, "iterations=\(.hashIterations)", (.additionalParameters // {} | to_entries | sort_by(.key)[] | "\(.key)=\(.value[0])")]
    | join(" ")'
}

# ---- the request of each side: sets conns, url, body, content_type, headers ------------------------------------------
api_headers=$(grep -v '^[[:space:]]*\(#\|$\)' "${api_dir}/headers.txt" || true)

side_stock_client_credentials() {
  conns=${connections} method=POST
  url="${base_url}/realms/${stock_realm}/protocol/openid-connect/token"
  content_type=application/x-www-form-urlencoded headers=""
  body="grant_type=client_credentials&client_id=stock-service&client_secret=bench-stock-secret"
}
side_policies_client_credentials() {
  conns=${connections} method=POST
  url="${base_url}/realms/${policies_realm}/protocol/openid-connect/token"
  content_type=application/x-www-form-urlencoded headers=""
  body="grant_type=client_credentials&client_id=stock-service&client_secret=bench-stock-secret"
}
side_api_client_credentials() {
  method=POST
  conns=${connections}
  url="${base_url}/realms/${till_realm}/protocol/openid-connect/token"
  content_type=application/x-www-form-urlencoded headers="${api_headers}"
  body="grant_type=client_credentials&client_id=api-client&client_secret=bench-api-secret"
}
side_hashed_client_credentials() {
  method=POST
  conns=${connections}
  url="${base_url}/realms/${till_realm}/protocol/openid-connect/token"
  content_type=application/x-www-form-urlencoded headers="${api_headers}"
  body="grant_type=client_credentials&client_id=api-client-hashed&client_secret=bench-api-secret"
}
side_stock_password() {
  method=POST
  conns=${password_connections}
  url="${base_url}/realms/${stock_realm}/protocol/openid-connect/token"
  content_type=application/x-www-form-urlencoded headers=""
  body="grant_type=password&client_id=stock-app&username=stock-user&password=${user_password}"
}
side_till_password() {
  method=POST
  conns=${password_connections}
  url="${base_url}/realms/${till_realm}/protocol/openid-connect/token"
  content_type=application/x-www-form-urlencoded headers=""
  body="grant_type=password&client_id=pos-terminal&username=bench.till&password=${till_digest}"
}
side_compat_generate() {
  method=POST
  conns=${connections}
  url="${base_url}/realms/${till_realm}/v3/oauth/token/generate"
  content_type=application/json headers="${api_headers}"
  body='{"key":"api-client","secret":"bench-api-secret"}'
}

# Gateway forward authentication (docs/gateway.md): a till's Basic credentials on every API call (cache hit after
# the first), an API client's token, both as nginx's auth_request would send them; A side: Keycloak's cheapest
# endpoint.
side_stock_realm_info() {
  conns=${connections} method=GET
  url="${base_url}/realms/${stock_realm}"
  content_type=application/json headers="" body=""
}
side_gateway_basic() {
  conns=${connections} method=GET
  url="${base_url}/realms/${till_realm}/till-auth/verify"
  content_type=application/json body=""
  headers="Authorization: Basic $(printf 'bench.till:%s' "${till_digest}" | base64 -w0)
X-Original-Method: GET
X-Original-URI: /v2/customers/42"
}
side_gateway_bearer() {
  conns=${connections} method=GET
  url="${base_url}/realms/${till_realm}/till-auth/verify"
  content_type=application/json body=""
  headers="Authorization: Bearer ${gateway_token}
X-Original-Method: GET
X-Original-URI: /v2/customers/42"
}

# One request with curl; prints the HTTP status (the body goes to $run_dir/probe.json).
probe() {
  "$1"
  local -a header_args=()
  while IFS= read -r line; do
    [[ -n "${line}" ]] && header_args+=(-H "${line}")
  done <<<"${headers}"
  local -a body_args=()
  [[ "${method}" == GET ]] || body_args=(-H "Content-Type: ${content_type}" --data-binary "${body}")
  curl -s -o "${run_dir}/probe.json" -w '%{http_code}' -X "${method}" "${url}" \
    "${header_args[@]}" "${body_args[@]}"
}

# measure SIDE SECONDS: runs wrk, prints "req_per_s p50_ms p99_ms errors requests". A window in which no
# response completed counts as one error (nothing was measured).
# server_cpu_ticks: CPU time the server JVM has used so far (user + system, clock ticks), or nothing when the server
# is not this run's own single node (an already running server, the cluster).
server_cpu_ticks() {
  [[ -n "${server_pgid}" && -z "${BENCH_CLUSTER:-}" ]] || return 0
  [[ -n "${server_pid:-}" ]] || server_pid=$(server_java_pid) || return 0
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/${server_pid}/stat" 2>/dev/null || true
}
clock_ticks=$(getconf CLK_TCK 2>/dev/null || echo 100)

measure() {
  requests_file=""
  "$1"
  local out cpu_before cpu_after
  # wrk abandons the requests in flight when its time is up; let the server finish them before the next window.
  sleep "${settle}"
  cpu_before=$(server_cpu_ticks)
  out=$(BENCH_METHOD="${method}" BENCH_BODY="${body}" BENCH_CONTENT_TYPE="${content_type}" BENCH_HEADERS="${headers}" \
    BENCH_REQUESTS_FILE="${requests_file}" wrk -t"${threads}" -c"${conns}" -d"$2s" --timeout 10s -s "${bench_dir}/lua/request.lua" "${url}")
  cpu_after=$(server_cpu_ticks)
  printf '### %s\n%s\n' "$1" "${out}" >>"${run_dir}/wrk.log"
  # CPU per request: the server's CPU time over the window (JIT and GC included) divided by the completed requests;
  # unlike req/s it does not depend on how much of the 2 cores wrk and other processes took meanwhile.
  grep '^RESULT ' <<<"${out}" | awk -v before="${cpu_before}" -v after="${cpu_after}" -v hz="${clock_ticks}" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      cpu = (before == "" || after == "" || v["requests"] == 0) ? "nan" : sprintf("%.0f", (after - before) * 1e6 / hz / v["requests"])
      printf "%.1f %.1f %.1f %d %d %s\n", v["requests"] / (v["duration_us"] / 1e6), v["p50_us"] / 1000,
        v["p99_us"] / 1000, v["non2xx"] + v["socket_errors"] + (v["requests"] == 0 ? 1 : 0), v["requests"], cpu
    }'
}

# ---- organisation scale (BENCH_SCALE=1) --------------------------------------------------------------------------
# Both realms get the same population on top of their bench definitions: stores (groups under /stores), tills (users in
# a store; in bench-till holders of the till role, in bench-stock plain users), service-account clients (bench-till:
# copies of api-client with till attribution and an access group each; bench-stock: copies of stock-service) and
# groups (bench-till: access groups under /access-groups). Realm and clients go in through POST /admin/realms (realm
# import), users through partialImport in batches. Requests pick a random client, till or login user per request.
scale_enabled() { [[ -n "${BENCH_SCALE:-}" && "${BENCH_SCALE}" != 0 ]]; }
if scale_enabled; then
  if [[ "${BENCH_SCALE}" == small ]]; then
    scale_defaults=(20 1000 20 5 50)
  else
    scale_defaults=(500 50000 500 30 200)
  fi
  scale_stores=${BENCH_SCALE_STORES:-${scale_defaults[0]}}
  scale_tills=${BENCH_SCALE_TILLS:-${scale_defaults[1]}}
  scale_clients=${BENCH_SCALE_CLIENTS:-${scale_defaults[2]}}
  scale_groups=${BENCH_SCALE_GROUPS:-${scale_defaults[3]}}
  # Users with a password (hashed once each at import: Argon2id costs ~20-50 ms per user); the password scenarios log
  # in as a random one of them.
  scale_logins=${BENCH_SCALE_LOGINS:-${scale_defaults[4]}}
  # Batches of 500 (with both realms seeded at once) took 27 min at full size where batches of 2,000, one realm after
  # the other, took 62: the per-user rate of one partialImport falls as its batch grows.
  scale_batch=${BENCH_SCALE_BATCH:-500}
  ((scale_logins <= scale_tills)) || die "BENCH_SCALE_LOGINS (${scale_logins}) exceeds BENCH_SCALE_TILLS (${scale_tills})"
  scale_db=${BENCH_SCALE_DB:-postgres}
  # Room in the users cache for every till and service account of both realms (about two entries per user: the user
  # and its username lookup), so that after warm-up attribution and logins are answered from the cache as in a small
  # realm; KC_CACHE_EMBEDDED_USERS_MAX_COUNT set in the environment wins.
  export KC_CACHE_EMBEDDED_USERS_MAX_COUNT=${KC_CACHE_EMBEDDED_USERS_MAX_COUNT:-$((4 * (scale_tills + scale_clients) + 10000))}
  scale_pg_database=${BENCH_SCALE_PG_DATABASE:-bench_scale}
fi

# Sets db_option for `kc.sh build` (and, for PostgreSQL, exports the runtime connection as KC_DB_* variables; the
# database is dropped and created afresh).
db_option="--db=dev-file"
scale_db_setup() {
  if ! scale_enabled || [[ "${scale_db}" == dev-file ]]; then
    return
  fi
  [[ "${scale_db}" == postgres ]] || die "BENCH_SCALE_DB must be postgres or dev-file, not '${scale_db}'"
  command -v psql >/dev/null 2>&1 || die "'psql' is not installed (Debian: apt-get install -y postgresql-client)"
  local pg=(psql -q -v ON_ERROR_STOP=1 -h "${BENCH_PG_HOST:-127.0.0.1}" -p "${BENCH_PG_PORT:-5432}" -U "${BENCH_PG_USER:-postgres}" -d postgres)
  if [[ -n "${BENCH_SCALE_KEEP:-}" ]] \
    && [[ "$("${pg[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '${scale_pg_database}'")" == 1 ]]; then
    log "Keeping PostgreSQL database ${scale_pg_database} (BENCH_SCALE_KEEP)"
  else
    PGOPTIONS=--client-min-messages=warning "${pg[@]}" -c "DROP DATABASE IF EXISTS ${scale_pg_database} WITH (FORCE)" -c "CREATE DATABASE ${scale_pg_database}" >&2 \
      || die "cannot (re)create PostgreSQL database ${scale_pg_database} (BENCH_PG_HOST/PORT/USER, PGPASSWORD)"
  fi
  export KC_DB_URL="jdbc:postgresql://${BENCH_PG_HOST:-127.0.0.1}:${BENCH_PG_PORT:-5432}/${scale_pg_database}"
  export KC_DB_USERNAME="${BENCH_PG_USER:-postgres}" KC_DB_PASSWORD="${PGPASSWORD:-postgres}"
  db_option="--db=postgres"
}

# scale_realm_json KIND: the realm definition on stdin with the scale's stores, groups and clients added.
scale_realm_json() {
  jq --arg kind "$1" --argjson stores "${scale_stores}" --argjson groups "${scale_groups}" \
    --argjson clients "${scale_clients}" --argjson tills "${scale_tills}" '
    def code($p; $max; $n): $p + "-" + ($n | tostring | ("0" * (($max | tostring | length) - length)) + .);
    (if $kind == "till" then (.clients[] | select(.clientId == "api-client")) else (.clients[] | select(.clientId == "stock-service")) end) as $template
    | (.groups // []) as $existing
    | .groups = [ $existing[] | select(.name != "stores" and .name != "access-groups") ]
      + [ {name: "stores", subGroups: ([$existing[] | select(.name == "stores") | .subGroups[]]
            + [range(1; $stores + 1) | {name: code("store"; $stores; .)}] | unique_by(.name))} ]
      + [ ($existing[] | select(.name == "access-groups")) as $ag
          | {name: "access-groups", subGroups: ($ag.subGroups + [range(1; $groups + 1) as $g
              | {name: code("group"; $groups; $g), attributes: $ag.subGroups[0].attributes}])} ]
    | if $kind == "stock" then .groups += [{name: "teams", subGroups: [range(1; $groups + 1) | {name: code("group"; $groups; .)}]}] else . end
    | .clients += [range(1; $clients + 1) as $c
        | $template
        | .clientId = code(if $kind == "till" then "api-client" else "stock-service" end; $clients; $c)
        | .name = .clientId
        | if $kind == "till" then .protocolMappers |= map(
              if .protocolMapper == "access-group-mapper" then .config["access.group"] = code("group"; $groups; (($c - 1) % $groups) + 1) else . end)
          else . end]
  '
}

# scale_users KIND FROM TO: a partialImport body with users FROM..TO-1 (tills, or plain users in stock).
scale_users() {
  jq -nc --arg kind "$1" --argjson from "$2" --argjson to "$3" --argjson stores "${scale_stores}" \
    --argjson tills "${scale_tills}" --argjson logins "${scale_logins}" --arg password "${user_password}" '
    def code($p; $max; $n): $p + "-" + ($n | tostring | ("0" * (($max | tostring | length) - length)) + .);
    {ifResourceExists: "FAIL", users: [range($from; $to) as $i | {
        username: code(if $kind == "till" then "till" else "user" end; $tills; $i), enabled: true,
        email: (code(if $kind == "till" then "till" else "user" end; $tills; $i) + "@bench.invalid"), emailVerified: true,
        firstName: "Bench", lastName: code("User"; $tills; $i),
        groups: ["/stores/" + code("store"; $stores; (($i - 1) % $stores) + 1)]}
      + (if $kind == "till" then {realmRoles: ["till"]} else {} end)
      + (if $i <= $logins then {credentials: [{type: "password", value: $password, temporary: false}]} else {} end)]}'
}

# scale_population REALM: "<users> <clients>" of the realm as Keycloak counts them (users/count leaves service accounts
# out), or nothing when the realm does not exist.
scale_population() {
  local users clients
  users=$(admin GET "/realms/$1/users/count" 2>/dev/null) || return 0
  clients=$(admin GET "/realms/$1/clients?max=100000&briefRepresentation=true" | jq length)
  echo "${users} ${clients}"
}

# scale_seed_users KIND REALM: the realm's tills (or plain users) in partialImport batches.
scale_seed_users() {
  local from to
  for ((from = 1; from <= scale_tills; from += scale_batch)); do
    to=$((from + scale_batch > scale_tills + 1 ? scale_tills + 1 : from + scale_batch))
    scale_users "$1" "${from}" "${to}" \
      | admin POST "/realms/$2/partialImport" -H 'Content-Type: application/json' --data-binary @- >/dev/null
  done
  log "$2: $(scale_population "$2" | awk '{ print $1 " users, " $2 " clients" }')"
}

scale_setup_realms() {
  local started=${SECONDS} realm users clients
  local population pids=() pid
  if [[ -n "${BENCH_SCALE_KEEP:-}" ]]; then
    # Never seeds over a kept population of another size: that would delete it (an hour of seeding at full size).
    for realm in "${stock_realm}" "${till_realm}"; do
      population=$(scale_population "${realm}")
      [[ -z "${population}" ]] && break
      read -r users clients <<<"${population}"
      ((users >= scale_tills && clients >= scale_clients)) \
        || die "BENCH_SCALE_KEEP: ${realm} holds ${users} users and ${clients} clients, not this scale's ${scale_tills} tills and ${scale_clients} clients (unset BENCH_SCALE_KEEP to seed afresh)"
    done
  fi
  if [[ -n "${BENCH_SCALE_KEEP:-}" && -n "${population}" ]]; then
    # The population stays; the realm-wide settings that decide what a token costs follow the current definitions.
    log "Reusing the seeded realms (BENCH_SCALE_KEEP); client profiles and policies of ${till_realm} re-applied"
    till_realm_json | jq '{profiles: .clientProfiles.profiles}' \
      | admin PUT "/realms/${till_realm}/client-policies/profiles" -H 'Content-Type: application/json' --data-binary @- >/dev/null
    till_realm_json | jq '{policies: .clientPolicies.policies}' \
      | admin PUT "/realms/${till_realm}/client-policies/policies" -H 'Content-Type: application/json' --data-binary @- >/dev/null
    scale_seconds="$(cat "${work}/scale-seeded-${scale_pg_database}.txt" 2>/dev/null || echo '?') s by an earlier run, reused"
    scale_request_files
    return
  fi
  log "Seeding organisation scale: ${scale_stores} stores, ${scale_tills} tills/users (${scale_logins} with a password), ${scale_clients} API clients, ${scale_groups} groups per realm"
  delete_realm "${stock_realm}"
  delete_realm "${till_realm}"
  scale_realm_json stock <"${bench_dir}/realms/bench-stock.json" | admin POST /realms -H 'Content-Type: application/json' --data-binary @- >/dev/null
  till_realm_json | scale_realm_json till | admin POST /realms -H 'Content-Type: application/json' --data-binary @- >/dev/null
  # Both realms at once: one partialImport runs on one core.
  scale_seed_users stock "${stock_realm}" &
  pids+=($!)
  scale_seed_users till "${till_realm}" &
  pids+=($!)
  for pid in "${pids[@]}"; do
    wait "${pid}" || die "seeding users failed (log above)"
  done
  scale_seconds=$((SECONDS - started))
  log "Seeded in ${scale_seconds} s"
  echo "${scale_seconds}" >"${work}/scale-seeded-${scale_pg_database}.txt"
  scale_seconds="${scale_seconds} s"
  scale_request_files
  if [[ -n "${BENCH_SCALE_SEED_ONLY:-}" ]]; then
    log "BENCH_SCALE_SEED_ONLY: stopping after seeding (measure later with BENCH_SCALE_KEEP=1)"
    exit 0
  fi
}

# Request pools for BENCH_REQUESTS_FILE (bench/lua/request.lua): random clients, tills and login users.
scale_request_files() {
  local n=${BENCH_SCALE_POOL:-10000}
  awk -v n="${n}" -v c="${scale_clients}" -v t="${scale_tills}" -v l="${scale_logins}" -v dir="${run_dir}" \
    -v stock_secret=bench-stock-secret -v api_secret=bench-api-secret -v password="${user_password}" -v digest="${till_digest}" '
    function code(p, max, i) { return sprintf("%s-%0" length(max "") "d", p, i) }
    BEGIN {
      srand(17)
      for (k = 0; k < n; k++) {
        client = int(rand() * c) + 1; till = int(rand() * t) + 1; login = int(rand() * l) + 1
        attribution = "X-CAP-API-ATTRIBUTION-ENTITY-TYPE: TILL\tX-CAP-API-ATTRIBUTION-ENTITY-CODE: " code("till", t, till)
        printf "grant_type=client_credentials&client_id=%s&client_secret=%s\n", code("stock-service", c, client), stock_secret >(dir "/pool-stock-client.tsv")
        printf "grant_type=client_credentials&client_id=%s&client_secret=%s\t%s\n", code("api-client", c, client), api_secret, attribution >(dir "/pool-api-client.tsv")
        printf "{\"key\":\"%s\",\"secret\":\"%s\"}\t%s\n", code("api-client", c, client), api_secret, attribution >(dir "/pool-compat.tsv")
        printf "grant_type=password&client_id=stock-app&username=%s&password=%s\n", code("user", t, login), password >(dir "/pool-stock-password.tsv")
        printf "grant_type=password&client_id=pos-terminal&username=%s&password=%s\n", code("till", t, login), digest >(dir "/pool-till-password.tsv")
      }
    }'
}

# At scale the token scenarios draw from the pools; the probe (curl) sends the pool's first line.
if scale_enabled; then
  scale_side() { # scale_side POOL: body and headers of the pool's first line, requests_file for wrk
    requests_file="${run_dir}/pool-$1.tsv"
    body=$(head -n 1 "${requests_file}" | cut -f1)
    headers=$(head -n 1 "${requests_file}" | cut -f2- | tr '\t' '\n')
  }
  side_stock_client_credentials() {
    conns=${connections} method=POST
    url="${base_url}/realms/${stock_realm}/protocol/openid-connect/token"
    content_type=application/x-www-form-urlencoded
    scale_side stock-client
  }
  side_api_client_credentials() {
    conns=${connections} method=POST
    url="${base_url}/realms/${till_realm}/protocol/openid-connect/token"
    content_type=application/x-www-form-urlencoded
    scale_side api-client
  }
  side_stock_password() {
    conns=${password_connections} method=POST
    url="${base_url}/realms/${stock_realm}/protocol/openid-connect/token"
    content_type=application/x-www-form-urlencoded
    scale_side stock-password
  }
  side_till_password() {
    conns=${password_connections} method=POST
    url="${base_url}/realms/${till_realm}/protocol/openid-connect/token"
    content_type=application/x-www-form-urlencoded
    scale_side till-password
  }
  side_compat_generate() {
    conns=${connections} method=POST
    url="${base_url}/realms/${till_realm}/v3/oauth/token/generate"
    content_type=application/json
    scale_side compat
  }
fi

# Heap in use after a full GC of the server's JVM (own server only): what the realms and caches keep live.
scale_heap_after_warmup() {
  [[ -n "${server_pgid}" ]] && command -v jcmd >/dev/null 2>&1 || { echo "n/a"; return; }
  local pid
  pid=$(server_java_pid) || { echo "n/a"; return; }
  jcmd "${pid}" GC.run >/dev/null 2>&1 || true
  jcmd "${pid}" GC.heap_info 2>/dev/null | awk '/total/ && /used/ { for (i = 1; i <= NF; i++) if ($i == "used") { print $(i + 1); exit } }'
}

# wanted NAME: whether BENCH_SCENARIOS selects the scenario (all when unset).
wanted() { [[ -z "${BENCH_SCENARIOS:-}" || ",${BENCH_SCENARIOS}," == *",$1,"* ]]; }

# scenario NAME SIDE_A SIDE_B: one probe per side (must be 200), warm-up A and B, then rounds A,B / B,A / A,B ...
scenario() {
  local name=$1 side_a=$2 side_b=$3 side status round result order
  wanted "${name}" || return 0
  for side in "${side_a}" "${side_b}"; do
    status=$(probe "${side}")
    [[ "${status}" == 200 ]] || die "${name}/${side}: probe answered ${status}: $(head -c 300 "${run_dir}/probe.json")"
    # The token this side gets, with its claims, for checking what was measured.
    jq '(.access_token // .data.accessToken) as $t | {response: ., claims: ($t | split(".")[1] | @base64d | fromjson)}' \
      "${run_dir}/probe.json" >"${run_dir}/token-${side}.json" 2>/dev/null || cp "${run_dir}/probe.json" "${run_dir}/token-${side}.json"
  done
  log "${name}: warm-up ${warmup} s per side"
  for side in "${side_a}" "${side_b}"; do
    result=$(measure "${side}" "${warmup}")
    [[ "$(cut -d' ' -f4 <<<"${result}")" == 0 ]] || log "WARNING: ${name}/${side}: errors during warm-up: ${result}"
  done
  for round in $(seq 1 "${rounds}"); do
    ((round % 2)) && order=("${side_a}" "${side_b}") || order=("${side_b}" "${side_a}")
    for side in "${order[@]}"; do
      result=$(measure "${side}" "${duration}")
      log "${name} round ${round} ${side}: req/s p50 p99 errors requests cpu_us_per_req = ${result}"
      printf '%s\t%s\t%s\t%s\n' "${name}" "${side}" "${round}" "${result// /$'\t'}" >>"${rounds_file}"
    done
  done
}

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
  echo "Database: ${db_option#--db=}${KC_DB_URL:+ (${KC_DB_URL})}; caches: local, users max ${KC_CACHE_EMBEDDED_USERS_MAX_COUNT:-10000 (default)}, realms max ${KC_CACHE_EMBEDDED_REALMS_MAX_COUNT:-10000 (default)} entries"
}

# ---- profile (BENCH_JFR=1, own server only) -------------------------------------------------------------------
# Records the scenarios with Java Flight Recorder (settings=profile: CPU samples every 10-20 ms) from the first
# scenario to the last (set-up and admin calls left out); server.jfr and its summary (bench/jfr-summary.sh) land in the results folder.
server_java_pid() { pgrep -g "${server_pgid}" java | head -n 1; }
jfr_enabled() { [[ -n "${BENCH_JFR:-}" && "${BENCH_JFR}" != 0 && -n "${server_pgid}" ]]; }
# Keycloak's request stacks are deeper than JFR's default 64 frames; the depth is fixed at JVM start.
[[ -z "${BENCH_JFR:-}" || "${BENCH_JFR}" == 0 ]] \
  || export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:-} -XX:FlightRecorderOptions:stackdepth=256"
jfr_start() {
  jfr_enabled || return 0
  jcmd "$(server_java_pid)" JFR.start name=bench settings=profile >/dev/null || die "JFR.start failed"
  log "JFR recording started (settings=profile)"
}
jfr_finish() {
  jfr_enabled || return 0
  jcmd "$(server_java_pid)" JFR.stop name=bench filename="${run_dir}/server.jfr" >/dev/null || die "JFR.stop failed"
  "${bench_dir}/jfr-summary.sh" "${run_dir}/server.jfr" >"${run_dir}/jfr-summary.txt"
  log "JFR: ${run_dir}/server.jfr, summary ${run_dir}/jfr-summary.txt"
}

# ---- main ------------------------------------------------------------------------------------------------------
[[ -z "${BENCH_CLUSTER:-}" ]] || start_cluster
if [[ -n "${base_url}" ]]; then
  [[ "${base_url}" =~ ^http://(127\.0\.0\.1|localhost)(:[0-9]+)?$ ]] || die "BENCH_BASE_URL must be a loopback http URL"
  mode="already running server at ${base_url} (mode as started by its owner)"
else
  start_server
  mode="production: kc.sh build + start --optimized, ${db_option#--db=}, cache local, HTTP 127.0.0.1, ${JAVA_OPTS_KC_HEAP}, metrics $([[ "${BENCH_METRICS:-0}" == 1 ]] && echo on || echo off)"
fi
[[ -z "${BENCH_CLUSTER:-}" ]] || mode="${cluster_mode}"
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
if [[ "${BENCH_METRICS:-0}" == 1 && -n "${management_port}" ]]; then
  # What the meters counted during the run: proof that they were on.
  curl -s "http://127.0.0.1:${management_port}/metrics" >"${run_dir}/metrics.txt" || true
fi

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

{
  echo
  echo "Benchmark ${started} | Keycloak ${keycloak_version} | ${mode}"
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; load average before ${load_before}, after ${load_after}"
  echo "wrk: ${threads} thread(s), ${connections} connections (password grants: ${password_connections}), ${rounds} round(s) x ${duration} s per side, interleaved A,B,B,A,...; warm-up ${warmup} s per side; timeout 10 s"
  echo "Password storage: stock-user '${stock_hash}'; bench.till '${till_hash}' (same Argon2id cost, Keycloak defaults)"
  run_notes
  echo "Figures: medians over rounds; ratio = B req/s / A req/s; errors = non-2xx + socket errors summed over measured rounds"
  echo "Spread: req/s min · max over the ${rounds} rounds of each side; round ratios = B/A of each round (sides measured back to back), min · median · max"
  echo "Server CPU: the server JVM's CPU time (user + system, JIT and GC included) per completed request, median over rounds; CPU ratio A/B = how many B requests the CPU of one A request pays for (n/a against a server this run did not start)"
  echo
  echo "| scenario | side | req/s | p50 ms | p99 ms | errors | ratio B/A | target | req/s min · max | round ratios B/A min · median · max | server CPU µs/req | CPU ratio A/B |"
  echo "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"
  printf '%s\n' "${table_rows[@]}"
  [[ -z "${compat_line}" ]] || echo "${compat_line}"
  echo
  echo "Per-round figures: ${rounds_file}"
} | tee "${run_dir}/table.md"
write_chart "Benchmark ${started}: stock (A) vs extension (B)$(scale_enabled && echo ", scale ${scale_tills} tills / ${scale_clients} clients")"

if ((total_errors > 0)); then
  log "${total_errors} failed response(s) in measured windows (details: ${run_dir}/wrk.log)"
  exit 1
fi
