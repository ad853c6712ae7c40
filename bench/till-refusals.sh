#!/usr/bin/env bash
# Till logins with the right digest refused under brute-force detection (issue #29 item 8): REFUSALS_LOGINS
# sequential and as many REFUSALS_PARALLEL-way parallel logins of one till, with the till step's "Parallel logins of
# one till" off (Keycloak's default guard) and on. Runs against a Keycloak with the extension and the demo realm,
# e.g. `./run.sh` (dev mode) or a production-mode server:
#
#   KC_HTTP_PORT=18080 ./run.sh &    # then:
#   REFUSALS_BASE_URL=http://localhost:18080 bench/till-refusals.sh
#
# Options: REFUSALS_BASE_URL (http://localhost:8080), REFUSALS_REALM (demo-org), REFUSALS_LOGINS (10000 per
# mode), REFUSALS_PARALLEL (4), REFUSALS_SETUPS ("default parallel-logins"), KC_BOOTSTRAP_ADMIN_USERNAME /
# KC_BOOTSTRAP_ADMIN_PASSWORD (admin/admin). The realm's brute-force settings and the till step's config are set
# for the run and restored afterwards; the till `refusals-bench` is created and deleted.
# Results: bench/target/till-refusals/<UTC time>/table.md (refused logins per setup and mode, by error, and the
# failures Keycloak recorded). Needs curl, jq and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

base=${REFUSALS_BASE_URL:-http://localhost:8080}
realm=${REFUSALS_REALM:-demo-org}
logins=${REFUSALS_LOGINS:-10000}
parallel=${REFUSALS_PARALLEL:-4}
setups=${REFUSALS_SETUPS:-default parallel-logins}
admin_user=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
admin_password=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
till=refusals-bench
password=refusals-bench-pass
out="bench/target/till-refusals/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "${out}"

log() { printf '[till-refusals %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

token() {
  curl -fsS "${base}/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=${admin_user}" --data-urlencode "password=${admin_password}" | jq -r .access_token
}
admin() { # method path [json]
  local method=$1 path=$2
  shift 2
  curl -fsS -X "${method}" -H "Authorization: Bearer $(token)" -H 'Content-Type: application/json' \
    "${base}/admin/realms/${realm}${path}" "$@"
}

# The realm's brute-force settings: on, with a failure limit no correct login reaches; restored at the end.
realm_before=$(admin GET "")
till_flow=$(printf '%s' "till direct grant" | jq -sRr @uri)
config_id=$(admin GET "/authentication/flows/${till_flow}/executions" |
  jq -r '.[] | select(.providerId == "till-md5-password") | .authenticationConfig')
config_before=$(admin GET "/authentication/config/${config_id}")
restore() {
  log "restoring the realm's brute-force settings and the till step's config"
  admin PUT "" --data "$(jq '{bruteForceProtected, failureFactor, quickLoginCheckMilliSeconds, minimumQuickLoginWaitSeconds, waitIncrementSeconds, maxFailureWaitSeconds, permanentLockout}' <<<"${realm_before}")" || true
  admin PUT "/authentication/config/${config_id}" --data "${config_before}" || true
  admin DELETE "/tills/${till}" >/dev/null 2>&1 || true
}
trap restore EXIT
admin PUT "" --data '{"bruteForceProtected": true, "failureFactor": 30, "permanentLockout": false}'
admin DELETE "/tills/${till}" >/dev/null 2>&1 || true
admin POST "/tills" --data "$(jq -n --arg code "${till}" --arg p "${password}" \
  '{code: $code, password: $p, store: "store-001"}')" >/dev/null ||
  admin POST "/tills" --data "$(jq -n --arg code "${till}" --arg p "${password}" '{code: $code, password: $p}')" >/dev/null
user_id=$(curl -fsS -H "Authorization: Bearer $(token)" \
  "${base}/admin/realms/${realm}/users?exact=true&username=${till}" | jq -r '.[0].id')

digest=$(printf '%s' "${password}" | md5sum | cut -d' ' -f1)
printf '| setup | mode | logins | refused | refused %% | refusals by error | failures recorded |\n' >"${out}/table.md"
printf '|---|---|---:|---:|---:|---|---:|\n' >>"${out}/table.md"

for setup in ${setups}; do
  on=false
  [[ "${setup}" == parallel-logins ]] && on=true
  admin PUT "/authentication/config/${config_id}" \
    --data "$(jq --arg on "${on}" '.config["parallel-logins"] = $on' <<<"${config_before}")"
  for mode in sequential parallel; do
    threads=1
    [[ "${mode}" == parallel ]] && threads=${parallel}
    log "${setup}, ${mode}: ${logins} logins on ${threads} thread(s)"
    started_ms=$(($(date +%s%N) / 1000000))
    python3 - "${base}/realms/${realm}/protocol/openid-connect/token" "${till}" "${digest}" "${logins}" \
      "${threads}" >"${out}/${setup}-${mode}.json" <<'PY'
import json, sys, threading, urllib.error, urllib.parse, urllib.request
from collections import Counter
url, till, digest, total, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
body = urllib.parse.urlencode({"grant_type": "password", "client_id": "pos-terminal",
                               "username": till, "password": digest}).encode()
counts, lock = Counter(), threading.Lock()
barrier = threading.Barrier(threads)
def worker(n):
    barrier.wait()
    for _ in range(n):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=60) as r:
                key = str(r.status)
        except urllib.error.HTTPError as e:
            key = "%d %s" % (e.code, json.loads(e.read() or b"{}").get("error", "?"))
        with lock:
            counts[key] += 1
each = [total // threads + (1 if i < total % threads else 0) for i in range(threads)]
pool = [threading.Thread(target=worker, args=(n,)) for n in each]
[t.start() for t in pool]
[t.join() for t in pool]
print(json.dumps(counts))
PY
    sleep 2 # Keycloak records failures in the background
    failures=$(curl -fsS -H "Authorization: Bearer $(token)" \
      "${base}/admin/realms/${realm}/attack-detection/brute-force/users/${user_id}" | jq -r '.numFailures // 0')
    errors=$(curl -fsS -H "Authorization: Bearer $(token)" \
      "${base}/admin/realms/${realm}/events?type=LOGIN_ERROR&user=${user_id}&max=100000" |
      jq -r --argjson from "${started_ms}" \
        '[.[] | select(.time >= $from)] | group_by(.error) | map("\(.[0].error) \(length)") | join(", ")')
    refused=$(jq '[to_entries[] | select(.key != "200") | .value] | add // 0' "${out}/${setup}-${mode}.json")
    rate=$(awk -v r="${refused}" -v n="${logins}" 'BEGIN { printf "%.2f", 100 * r / n }')
    printf '| %s | %s (%d-way) | %d | %d | %s | %s | %d |\n' "${setup}" "${mode}" "${threads}" "${logins}" \
      "${refused}" "${rate}" "${errors:--}" "${failures}" >>"${out}/table.md"
    log "${setup}, ${mode}: ${refused} of ${logins} refused (${errors:-no LOGIN_ERROR}), ${failures} failures recorded"
    # Each mode starts with no failure record (LOGIN_ERROR events are told apart by their time).
    admin DELETE "/attack-detection/brute-force/users/${user_id}" >/dev/null || true
    sleep 1
  done
done
cat "${out}/table.md"
log "results in ${out}"
