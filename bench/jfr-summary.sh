#!/usr/bin/env bash
# Summarises the CPU samples of a JFR recording (JDK 17 `jfr print`): where the server's time goes.
#
#   bench/jfr-summary.sh RECORDING.jfr [PATTERN...]
#
# prints the share of execution samples whose stack contains each PATTERN (inclusive time; default: the extension's
# packages and the Keycloak pieces the API-client token path touches), then the 25 hottest methods by self time and
# by inclusive time among org.keycloak / org.tillauth frames.
set -euo pipefail
[[ $# -ge 1 && -f "$1" ]] || { echo "usage: $0 RECORDING.jfr [PATTERN...]" >&2; exit 2; }
recording=$1
shift
patterns=("$@")
((${#patterns[@]})) || patterns=(org.tillauth. org.tillauth.keycloak.attribution. org.tillauth.keycloak.accessgroup.
  org.tillauth.keycloak.lifespan. DefaultClientSessionContext.fromClientSession DefaultClientSessionContext.loadProtocolMappers
  TokenManager.attachAuthenticationSession ClientCredentialsGrantType.process TokenManager.encodeAndSign
  ClientPolicyManager AbstractOIDCProtocolMapper.transformAccessToken org.keycloak.crypto)
jfr print --events jdk.ExecutionSample --stack-depth 200 "${recording}" | awk -v patterns="$(printf '%s\n' "${patterns[@]}")" '
  BEGIN { n = split(patterns, pat, "\n") }
  /stackTrace = \[/ { in_stack = 1; depth = 0; delete seen; next }
  in_stack && /^[[:space:]]*\]/ {
    in_stack = 0; samples++
    for (i = 1; i <= n; i++) if (hit[i]) { count[i]++; hit[i] = 0 }
    next
  }
  in_stack {
    frame = $0; sub(/^[[:space:]]+/, "", frame); sub(/[[:space:]]+line:.*$/, "", frame)
    if (frame == "...") next
    depth++
    if (depth == 1) self[frame]++
    for (i = 1; i <= n; i++) if (index(frame, pat[i])) hit[i] = 1
    if ((frame ~ /^org\.(keycloak|tillauth)\./) && !(frame in seen)) { seen[frame] = 1; incl[frame]++ }
  }
  END {
    printf "%d execution samples\n\nInclusive share of samples (stack contains):\n", samples
    for (i = 1; i <= n; i++) printf "  %6.2f %%  %s\n", samples ? 100 * count[i] / samples : 0, pat[i]
    printf "\nSelf time, top 25:\n"
    for (f in self) printf "  %6.2f %%  %s\n", 100 * self[f] / samples, f | "sort -rn | head -n 25"
    close("sort -rn | head -n 25")
    printf "\nInclusive, org.keycloak / org.tillauth frames, top 25:\n"
    for (f in incl) printf "  %6.2f %%  %s\n", 100 * incl[f] / samples, f | "sort -rn | head -n 25"
  }'
