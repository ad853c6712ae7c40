# shellcheck shell=bash
# Organisation scale, BENCH_SCALE=1 (sourced by bench/run.sh after lib/scenarios.sh, whose sides it replaces).
#
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
  [[ "${scale_db}" == postgres || "${scale_db}" == dev-file ]] \
    || die "BENCH_SCALE_DB must be postgres or dev-file, not '${scale_db}'"
fi
# Own single node at scale on PostgreSQL: the database the server is started on (bench/lib/server.sh).
scale_on_postgres() { scale_enabled && [[ "${scale_db}" == postgres && -z "${BENCH_CLUSTER:-}" ]]; }

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

