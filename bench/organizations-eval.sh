#!/usr/bin/env bash
# Realm per organisation against Keycloak Organizations in one realm (issue #32 item 4).
#
#   bench/organizations-eval.sh                     # levels 1 10 50, 3 tills per organisation, 50 logins per side
#   ORGS_LEVELS="1 10" ORGS_LOGINS=30 bench/organizations-eval.sh   # a quick check
#
# Starts ONE Keycloak (kc.sh start-dev: the embedded dev database, as the test harness runs it) with the JAR, then at
# each level N (N organisation realms and N Keycloak Organizations exist):
#   A  realm per organisation: time onboarding one more organisation the project's way, i.e.
#      POST /admin/realms/master/organisations (realm from the template, its first administrator), then
#      POST /stores (one store) and ORGS_TILLS x POST /tills in the new realm;
#   B  Keycloak Organizations: in ONE realm "orgs-shared" (made by the same onboarding call, so it has the till flow,
#      the till-md5-argon2 policy and the client policies; organizationsEnabled=true; the built-in `organization`
#      client scope added to pos-terminal as an optional scope), time one more organisation:
#      POST /organizations (name, alias, one domain), POST /users (its administrator), POST /stores,
#      ORGS_TILLS x POST /tills (codes prefixed with the alias: usernames are realm-wide), and ORGS_TILLS+1 x
#      POST /organizations/{id}/members;
#   then ORGS_LOGINS sequential till logins (password grant, pos-terminal, the till's MD5 digest) in A's new realm and
#   in B's shared realm (scope=organization), alternating A,B; p50/p95 of curl's time_total; one decoded access token
#   of each side (claims.json) and the heap used after a full GC (jcmd GC.run, GC.heap_info).
# Fill between levels: untimed onboardings (A) and organisations (B) of the same shape until N of each exist; the
# timed organisation of a level counts towards the next level.
# Writes bench/target/organizations-eval/<UTC time>/ (table.md, onboard.tsv, logins.tsv, heap.tsv, claims-*.json,
# server log) and prints the table. Exit 1 if a request failed, 2 on a set-up failure.
#
# Settings (environment):
#   ORGS_LEVELS="1 10 50"  ORGS_TILLS=3 (tills per organisation)  ORGS_LOGINS=50 (per side and level)
#   ORGS_WARMUP=5 (logins per side before each level's samples)  ORGS_SKIP_BUILD=1 (use the JAR in providers/target)
#   JAVA_OPTS_KC_HEAP (default -Xms1g -Xmx1g)  ORGS_HTTP_PORT, ORGS_MANAGEMENT_PORT (default: free ports)
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "${bench_dir}")
work="${bench_dir}/target"

levels=${ORGS_LEVELS:-1 10 50}
tills=${ORGS_TILLS:-3}
logins=${ORGS_LOGINS:-50}
warmup=${ORGS_WARMUP:-5}
shared=orgs-shared
admin_user=admin
admin_password=admin

log() { printf '[organizations-eval %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }
for tool in curl jq jcmd md5sum mvn; do
  command -v "${tool}" >/dev/null 2>&1 || die "'${tool}' is not installed"
done

run_dir="${work}/organizations-eval/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "${run_dir}"
failures=0

server_pgid=""
cleanup() {
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

# ---- server: the test harness's start (start-dev, fresh dev database, local caches) --------------------------------
version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "${root}/pom.xml" | head -n 1)
dist_parent="${work}/organizations-eval-dist"
home="${dist_parent}/keycloak-${version}"
if [[ -z "${ORGS_SKIP_BUILD:-}" ]]; then
  log "Building the extension JAR (mvn package, tests skipped)"
  (cd "${root}" && mvn -B package -DskipTests -Dspotless.check.skip=true) >"${run_dir}/mvn.log" 2>&1 \
    || { tail -n 40 "${run_dir}/mvn.log" >&2; die "mvn package failed (log: ${run_dir}/mvn.log)"; }
fi
(cd "${root}" && mvn -B -pl providers dependency:unpack@unpack-keycloak -Dkeycloak.dist.parent="${dist_parent}") \
  >>"${run_dir}/mvn.log" 2>&1 || { tail -n 40 "${run_dir}/mvn.log" >&2; die "unpacking Keycloak failed"; }
rm -f "${home}"/providers/keycloak-till-auth-*.jar
cp "${root}"/providers/target/keycloak-till-auth-*.jar "${home}/providers/"
rm -rf "${home}/data/h2"

http_port=${ORGS_HTTP_PORT:-$(free_port)}
management_port=${ORGS_MANAGEMENT_PORT:-$(free_port)}
base="http://127.0.0.1:${http_port}"
log "Starting Keycloak ${version} (start-dev) on ${base}"
export KC_BOOTSTRAP_ADMIN_USERNAME="${admin_user}" KC_BOOTSTRAP_ADMIN_PASSWORD="${admin_password}"
export JAVA_OPTS_KC_HEAP="${JAVA_OPTS_KC_HEAP:--Xms1g -Xmx1g}"
setsid "${home}/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="${http_port}" \
  --http-management-port="${management_port}" --health-enabled=true --cache=local \
  >"${run_dir}/keycloak-server.log" 2>&1 &
server_pgid=$!
for _ in $(seq 1 300); do
  curl -sf -o /dev/null "http://127.0.0.1:${management_port}/health/ready" && break
  kill -0 "${server_pgid}" 2>/dev/null || die "Keycloak exited (log: ${run_dir}/keycloak-server.log)"
  sleep 1
done
curl -sf -o /dev/null "http://127.0.0.1:${management_port}/health/ready" || die "Keycloak not ready after 300 s"
java_pid=$(pgrep -g "${server_pgid}" java | head -n 1)
log "Keycloak ready (java pid ${java_pid})"

# ---- helpers -----------------------------------------------------------------------------------------------------
token=""
admin_token() {
  token=$(curl -sf "${base}/realms/master/protocol/openid-connect/token" -d grant_type=password \
    -d client_id=admin-cli -d "username=${admin_user}" -d "password=${admin_password}" | jq -r .access_token)
  [[ -n "${token}" && "${token}" != null ]] || die "no admin token"
}
# api METHOD PATH [BODY] -> prints the body; sets status and location; counts >= 400 as failures
status="" location=""
api() {
  local method=$1 path=$2 body=${3-} out headers
  out=$(mktemp) headers=$(mktemp)
  if [[ -n "${body}" ]]; then
    status=$(curl -s -o "${out}" -D "${headers}" -w '%{http_code}' -X "${method}" "${base}${path}" \
      -H "Authorization: Bearer ${token}" -H 'Content-Type: application/json' --data-binary "${body}")
  else
    status=$(curl -s -o "${out}" -D "${headers}" -w '%{http_code}' -X "${method}" "${base}${path}" \
      -H "Authorization: Bearer ${token}")
  fi
  location=$(sed -n 's/^[Ll]ocation: *\(.*\)\r$/\1/p' "${headers}")
  if ((status >= 400)); then
    failures=$((failures + 1))
    log "FAILED ${method} ${path}: ${status} $(head -c 300 "${out}")"
  fi
  cat "${out}"
  rm -f "${out}" "${headers}"
}
md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# A: one organisation as a realm: onboarding call, one store, the tills
onboard_realm() {
  local code=$1 i t0
  t0=$(now_ms)
  api POST /admin/realms/master/organisations \
    '{"code":"'"${code}"'","name":"'"${code}"'","administrator":{"email":"it@'"${code}"'.example"},"redirectUris":["https://'"${code}"'.example/*"]}' >/dev/null
  first_call_ms=$(($(now_ms) - t0))
  api POST "/admin/realms/${code}/stores" '{"code":"store-001","name":"Store 1"}' >/dev/null
  for i in $(seq 1 "${tills}"); do
    api POST "/admin/realms/${code}/tills" \
      '{"code":"till-'"${i}"'","store":"store-001","md5Digest":"'"$(md5 "${code}-till-${i}")"'"}' >/dev/null
  done
}
# B: one organisation as a Keycloak Organization in the shared realm, with the same members
onboard_organization() {
  local alias=$1 org_id user_id i t0
  t0=$(now_ms)
  api POST "/admin/realms/${shared}/organizations" \
    '{"name":"'"${alias}"'","alias":"'"${alias}"'","domains":[{"name":"'"${alias}"'.example"}]}' >/dev/null
  first_call_ms=$(($(now_ms) - t0))
  org_id=${location##*/}
  api POST "/admin/realms/${shared}/users" \
    '{"username":"it@'"${alias}"'.example","email":"it@'"${alias}"'.example","firstName":"IT","lastName":"'"${alias}"'","enabled":true}' >/dev/null
  user_id=${location##*/}
  api POST "/admin/realms/${shared}/organizations/${org_id}/members" "\"${user_id}\"" >/dev/null
  api POST "/admin/realms/${shared}/stores" '{"code":"'"${alias}"'-store-001","name":"Store 1"}' >/dev/null
  for i in $(seq 1 "${tills}"); do
    api POST "/admin/realms/${shared}/tills" \
      '{"code":"'"${alias}"'-till-'"${i}"'","store":"'"${alias}"'-store-001","md5Digest":"'"$(md5 "${alias}-till-${i}")"'"}' >"${run_dir}/till.json"
    user_id=$(jq -r .id "${run_dir}/till.json")
    api POST "/admin/realms/${shared}/organizations/${org_id}/members" "\"${user_id}\"" >/dev/null
  done
}
login() { # realm username digest [scope] -> time_total in ms; response in $run_dir/last-login.json
  local extra=()
  [[ -z "${4-}" ]] || extra=(-d "scope=$4")
  local t code
  read -r code t < <(curl -s -o "${run_dir}/last-login.json" -w '%{http_code} %{time_total}\n' \
    "${base}/realms/$1/protocol/openid-connect/token" -d grant_type=password -d client_id=pos-terminal \
    -d "username=$2" -d "password=$3" "${extra[@]}")
  if [[ "${code}" != 200 ]]; then
    failures=$((failures + 1))
    log "FAILED login $1/$2: ${code} $(head -c 300 "${run_dir}/last-login.json")"
  fi
  awk -v t="${t}" 'BEGIN { printf "%.2f\n", t * 1000 }'
}
percentile() { # p file
  sort -n "$2" | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; printf "%.1f", v[i] }'
}
decode_claims() { # JSON token response -> the access token's payload
  jq -r .access_token "$1" | cut -d. -f2 | tr '_-' '/+' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' \
    | base64 -d 2>/dev/null
}
heap_used_mb() {
  jcmd "${java_pid}" GC.run >/dev/null 2>&1 || true
  jcmd "${java_pid}" GC.heap_info 2>/dev/null | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print int(v / 1024); exit } }'
}

# ---- set-up: the shared realm for B -------------------------------------------------------------------------------
admin_token
api POST /admin/realms/master/organisations \
  '{"code":"'"${shared}"'","name":"Shared realm","administrator":{"email":"it@shared.example"},"redirectUris":["https://shared.example/*"]}' >/dev/null
api PUT "/admin/realms/${shared}" '{"organizationsEnabled":true}' >/dev/null
scope_id=$(api GET "/admin/realms/${shared}/client-scopes" | jq -r '.[] | select(.name == "organization") | .id')
if [[ -z "${scope_id}" ]]; then
  log "The realm has no 'organization' client scope: creating Keycloak's (Organization Membership mapper)"
  api POST "/admin/realms/${shared}/client-scopes" '{"name":"organization","protocol":"openid-connect","attributes":{"include.in.token.scope":"true"},
    "protocolMappers":[{"name":"organization","protocol":"openid-connect","protocolMapper":"oidc-organization-membership-mapper",
    "config":{"claim.name":"organization","jsonType.label":"String","multivalued":"true","access.token.claim":"true","id.token.claim":"true","introspection.token.claim":"true"}}]}' >/dev/null
  scope_id=${location##*/}
fi
pos_id=$(api GET "/admin/realms/${shared}/clients?clientId=pos-terminal" | jq -r '.[0].id')
api PUT "/admin/realms/${shared}/clients/${pos_id}/optional-client-scopes/${scope_id}" >/dev/null
((failures == 0)) || die "set-up of the shared realm failed"

printf 'level\tside\tms\tfirst_call_ms\n' >"${run_dir}/onboard.tsv"
printf 'level\tside\tms\n' >"${run_dir}/logins.tsv"
printf 'level\trealms\torganizations\theap_used_mb\n' >"${run_dir}/heap.tsv"
realms_made=0 orgs_made=0
first_call_ms=0
declare -A call_a call_b onboard_a onboard_b p50_a p95_a p50_b p95_b heap
for level in ${levels}; do
  log "Level ${level}: filling to ${level} organisation realms and ${level} organisations"
  while ((realms_made < level)); do
    admin_token
    onboard_realm "org-$((realms_made + 1))"
    realms_made=$((realms_made + 1))
  done
  while ((orgs_made < level)); do
    admin_token
    onboard_organization "org-$((orgs_made + 1))"
    orgs_made=$((orgs_made + 1))
  done
  heap[${level}]=$(heap_used_mb)
  printf '%s\t%s\t%s\t%s\n' "${level}" "${realms_made}" "${orgs_made}" "${heap[${level}]}" >>"${run_dir}/heap.tsv"

  # one more of each, timed (A then B), from the first request to the last answer
  admin_token
  code_a="org-$((realms_made + 1))"
  start=$(now_ms); onboard_realm "${code_a}"; onboard_a[${level}]=$(($(now_ms) - start)); call_a[${level}]=${first_call_ms}
  realms_made=$((realms_made + 1))
  admin_token
  alias_b="org-$((orgs_made + 1))"
  start=$(now_ms); onboard_organization "${alias_b}"; onboard_b[${level}]=$(($(now_ms) - start)); call_b[${level}]=${first_call_ms}
  orgs_made=$((orgs_made + 1))
  printf '%s\tA\t%s\t%s\n%s\tB\t%s\t%s\n' "${level}" "${onboard_a[${level}]}" "${call_a[${level}]}" \
    "${level}" "${onboard_b[${level}]}" "${call_b[${level}]}" >>"${run_dir}/onboard.tsv"
  log "Level ${level}: onboarding A ${onboard_a[${level}]} ms, B ${onboard_b[${level}]} ms"

  # logins of the new organisation's first till, alternating A,B
  digest_a=$(md5 "${code_a}-till-1") digest_b=$(md5 "${alias_b}-till-1")
  for _ in $(seq 1 "${warmup}"); do
    login "${code_a}" till-1 "${digest_a}" >/dev/null
    login "${shared}" "${alias_b}-till-1" "${digest_b}" organization >/dev/null
  done
  : >"${run_dir}/a.tmp"; : >"${run_dir}/b.tmp"
  for _ in $(seq 1 "${logins}"); do
    login "${code_a}" till-1 "${digest_a}" >>"${run_dir}/a.tmp"
    cp "${run_dir}/last-login.json" "${run_dir}/token-a.json"
    login "${shared}" "${alias_b}-till-1" "${digest_b}" organization >>"${run_dir}/b.tmp"
    cp "${run_dir}/last-login.json" "${run_dir}/token-b.json"
  done
  sed "s/^/${level}\tA\t/" "${run_dir}/a.tmp" >>"${run_dir}/logins.tsv"
  sed "s/^/${level}\tB\t/" "${run_dir}/b.tmp" >>"${run_dir}/logins.tsv"
  p50_a[${level}]=$(percentile 50 "${run_dir}/a.tmp") p95_a[${level}]=$(percentile 95 "${run_dir}/a.tmp")
  p50_b[${level}]=$(percentile 50 "${run_dir}/b.tmp") p95_b[${level}]=$(percentile 95 "${run_dir}/b.tmp")
  decode_claims "${run_dir}/token-a.json" | jq . >"${run_dir}/claims-a-${level}.json"
  decode_claims "${run_dir}/token-b.json" | jq . >"${run_dir}/claims-b-${level}.json"
  log "Level ${level}: login p50 A ${p50_a[${level}]} ms, B ${p50_b[${level}]} ms"
done
rm -f "${run_dir}/a.tmp" "${run_dir}/b.tmp" "${run_dir}/last-login.json"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
{
  echo "# Realm per organisation (A) vs Keycloak Organizations in one realm (B)"
  echo
  echo "Keycloak ${version}, start-dev (dev database), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); ${tills} tills per"
  echo "organisation, ${logins} sequential logins per side and level (after ${warmup} warm-up), alternating A,B."
  echo
  echo "| N | onboard one more: A realm (ms) | of which the onboarding call | B organization (ms) | of which POST /organizations | A/B | login p50 A (ms) | p50 B (ms) | p95 A | p95 B | B/A p50 | heap after GC (MB) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for level in ${levels}; do
    echo "| ${level} | ${onboard_a[${level}]} | ${call_a[${level}]} | ${onboard_b[${level}]} | ${call_b[${level}]} | $(ratio "${onboard_a[${level}]}" "${onboard_b[${level}]}") | ${p50_a[${level}]} | ${p50_b[${level}]} | ${p95_a[${level}]} | ${p95_b[${level}]} | $(ratio "${p50_b[${level}]}" "${p50_a[${level}]}") | ${heap[${level}]} |"
  done
  echo
  echo "N = organisation realms (A) and organisations in the shared realm (B) before the timed one; heap measured with"
  echo "N of each on the same server. Claims of the last token of each side: claims-a-<N>.json, claims-b-<N>.json."
  echo "Failed requests: ${failures}."
} >"${run_dir}/table.md"
cat "${run_dir}/table.md"
log "Results in ${run_dir}"
((failures == 0)) || exit 1
