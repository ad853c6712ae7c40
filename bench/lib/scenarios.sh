# shellcheck shell=bash
# The scenarios: each side's request, the probe, one measured wrk window, and a scenario's warm-up and rounds
# (sourced by bench/run.sh).

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

# measure SIDE SECONDS: runs wrk, prints "req_per_s p50_ms p99_ms errors requests cpu_us_per_req" (cpu: nan against
# a server this run did not start; see server_cpu_ticks). A window in which no response completed counts as one error
# (nothing was measured).
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
