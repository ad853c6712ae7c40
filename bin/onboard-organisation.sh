#!/usr/bin/env bash
# Onboards an organisation in one call: POST /admin/realms/master/organisations (README, "Onboarding an
# organisation"). Prints the answer (with the administrator's one-time password, shown once) and exits 0 on 201;
# prints the error and exits 1 otherwise. Needs curl and jq.
set -euo pipefail

usage() {
  cat >&2 <<'USAGE'
Usage: onboard-organisation.sh --code CODE --name NAME --admin-email EMAIL --redirect-uri URI [--redirect-uri URI ...]
         [--admin-username USERNAME] [--basic-auth true|false] [--ceiling 60m]
         [--url http://localhost:8080] (--admin-user USER --admin-password PASSWORD | --token TOKEN)
  --url             Keycloak's base URL (default: http://localhost:8080)
  --admin-user      a master-realm administrator with create-realm (or admin); signs in through admin-cli
  --admin-password  its password (or set KEYCLOAK_ADMIN_PASSWORD)
  --token           a master-realm access token instead of user and password (or set KEYCLOAK_TOKEN)
  --code            the organisation's code, the realm name: 2-36 lowercase letters, digits or '-'
  --name            its display name
  --admin-email     its first administrator's email (also the username unless --admin-username)
  --redirect-uri    a customer app's redirect URI (https; http only for localhost); repeat for more
  --basic-auth      "Enable basic authentication" for tills (default true)
  --ceiling         the API clients' token lifespan ceiling, 1m..30d (default 60m)
USAGE
  exit 2
}

url=http://localhost:8080
admin_user=
admin_password=${KEYCLOAK_ADMIN_PASSWORD:-}
token=${KEYCLOAK_TOKEN:-}
code=
name=
email=
username=
basic=
ceiling=
uris=()
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || usage
  case "$1" in
    --url) url=$2 ;;
    --admin-user) admin_user=$2 ;;
    --admin-password) admin_password=$2 ;;
    --token) token=$2 ;;
    --code) code=$2 ;;
    --name) name=$2 ;;
    --admin-email) email=$2 ;;
    --admin-username) username=$2 ;;
    --redirect-uri) uris+=("$2") ;;
    --basic-auth) basic=$2 ;;
    --ceiling) ceiling=$2 ;;
    *) usage ;;
  esac
  shift 2
done
[[ -n $code && -n $name && -n $email && ${#uris[@]} -gt 0 ]] || usage
if [[ $basic != "" && $basic != true && $basic != false ]]; then
  echo "--basic-auth must be true or false" >&2
  exit 2
fi

if [[ -z $token ]]; then
  [[ -n $admin_user && -n $admin_password ]] || usage
  token=$(curl -sS --fail-with-body "$url/realms/master/protocol/openid-connect/token" \
    --data-urlencode grant_type=password --data-urlencode client_id=admin-cli \
    --data-urlencode "username=$admin_user" --data-urlencode "password=$admin_password" |
    jq -er .access_token) || { echo "Could not sign in to master as $admin_user" >&2; exit 1; }
fi

# The body is built by jq, so names and URIs are JSON-escaped whatever they contain; the server validates them.
body=$(jq -n --arg code "$code" --arg name "$name" --arg email "$email" --arg username "$username" \
  --arg basic "$basic" --arg ceiling "$ceiling" '$ARGS.positional as $uris | {
    code: $code, name: $name,
    administrator: ({email: $email} + (if $username == "" then {} else {username: $username} end)),
    redirectUris: $uris }
  + (if $basic == "" then {} else {basicAuthentication: ($basic == "true")} end)
  + (if $ceiling == "" then {} else {tokenLifespanCeiling: $ceiling} end)' --args "${uris[@]}")

answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
status=$(curl -sS -o "$answer" -w '%{http_code}' -X POST "$url/admin/realms/master/organisations" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "$body")
cat "$answer"
echo
[[ $status == 201 ]] || { echo "Onboarding refused: HTTP $status" >&2; exit 1; }
