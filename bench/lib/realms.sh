# shellcheck shell=bash
# Admin REST and the bench realms (sourced by bench/run.sh).

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
