# shellcheck shell=bash
# The servers under test (sourced by bench/run.sh). They are started by the test harness's own start-up code: the
# launcher providers/src/test/java/org/tillauth/keycloak/bench/BenchTopology.java runs KeycloakCluster (production
# mode: `kc.sh build` once per JAR and options, `start --optimized`), PostgresDatabase and Nginx, writes the URLs and
# JVM pids to servers.env once everything is ready, and stops it all on SIGTERM or when this script is gone.
#
#   own single node: dev-file H2 (wiped at every start), or PostgreSQL at BENCH_SCALE; cache local
#   BENCH_CLUSTER=1: two nodes on a new PostgreSQL database (dropped at the end), cache ispn with jdbc-ping,
#                    behind a round-robin nginx whose URL is both nodes' --hostname
# Distribution copies (with the kc.sh build) stay in bench/target/keycloak/{single,cluster}/.

launcher_pid=""
server_jvm_pids=""
server_management_urls=""

start_servers() {
  local version jar classpath
  version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "${root}/pom.xml" | head -n 1)
  log "Building the extension JAR and the test harness (mvn package, tests skipped)"
  (cd "${root}" && mvn -B package -DskipTests -Dspotless.check.skip=true) >"${run_dir}/mvn.log" 2>&1 \
    || { tail -n 40 "${run_dir}/mvn.log" >&2; die "mvn package failed (log: ${run_dir}/mvn.log)"; }
  log "Unpacking Keycloak ${version} (once, as the integration tests do) and resolving the harness's class path"
  (cd "${root}" && mvn -B -pl providers dependency:unpack@unpack-keycloak dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="${run_dir}/classpath.txt") >>"${run_dir}/mvn.log" 2>&1 \
    || { tail -n 40 "${run_dir}/mvn.log" >&2; die "unpacking Keycloak failed (log: ${run_dir}/mvn.log)"; }
  jar=$(ls "${root}"/providers/target/keycloak-till-auth-*.jar)
  classpath="${root}/providers/target/test-classes:${root}/providers/target/classes:$(cat "${run_dir}/classpath.txt")"

  local -a args=(--env-file="${run_dir}/servers.env" --parent-pid=$$ --dist="${work}/keycloak"
    --heap="${JAVA_OPTS_KC_HEAP:--Xms1g -Xmx1g}")
  local pg_user=${BENCH_PG_USER:-postgres}
  if [[ -n "${BENCH_CLUSTER:-}" ]]; then
    args+=(--topology=cluster)
    pg_user=${BENCH_PG_SUPERUSER:-${pg_user}}
    log "Starting two nodes on PostgreSQL behind nginx (harness: KeycloakCluster, Nginx; log: ${run_dir}/launcher.log)"
  else
    args+=(--topology=single ${http_port:+--http-port="${http_port}"} ${management_port:+--management-port="${management_port}"})
    if scale_on_postgres; then
      args+=(--pg-database="${scale_pg_database}")
      [[ -z "${BENCH_SCALE_KEEP:-}" ]] || args+=(--keep-db)
    fi
    log "Starting one node in production mode (harness: KeycloakCluster.startNode; log: ${run_dir}/launcher.log)"
  fi
  [[ "${BENCH_METRICS:-0}" != 1 ]] || args+=(--metrics)

  # A small JVM of its own: it only waits while the servers run.
  (cd "${run_dir}" && exec java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "${classpath}" \
    -Dkeycloak.home="${root}/providers/target/keycloak/keycloak-${version}" -Dprovider.jar="${jar}" \
    -Drealm.export.dir="${root}/realm-export" -Dtest.output.dir="${run_dir}" \
    -Dcluster.postgres.url="jdbc:postgresql://${BENCH_PG_HOST:-127.0.0.1}:${BENCH_PG_PORT:-5432}/postgres" \
    -Dcluster.postgres.user="${pg_user}" \
    org.tillauth.keycloak.bench.BenchTopology "${args[@]}") >"${run_dir}/launcher.log" 2>&1 &
  launcher_pid=$!
  own_server=true

  local deadline=$((SECONDS + 900))
  until [[ -s "${run_dir}/servers.env" ]]; do
    kill -0 "${launcher_pid}" 2>/dev/null \
      || { tail -n 40 "${run_dir}/launcher.log" >&2; launcher_pid=""; die "starting the servers failed (log: ${run_dir}/launcher.log)"; }
    ((SECONDS < deadline)) || die "servers not ready within 900 s (log: ${run_dir}/launcher.log)"
    sleep 1
  done
  # server_base_url, server_mode, server_database, server_management_urls, server_jvm_pids, server_logs
  # shellcheck source=/dev/null
  source "${run_dir}/servers.env"
  base_url=${server_base_url}
  log "Ready: ${base_url} (${server_mode}); server logs: ${server_logs}"
}

stop_servers() {
  [[ -n "${launcher_pid}" ]] || return 0
  log "Stopping the servers (launcher ${launcher_pid})"
  kill -TERM "${launcher_pid}" 2>/dev/null || true
  # Each node gets up to 60 s for a graceful stop (harness), then is killed.
  for _ in $(seq 1 150); do
    kill -0 "${launcher_pid}" 2>/dev/null || break
    sleep 1
  done
  kill -KILL "${launcher_pid}" 2>/dev/null || true
  launcher_pid=""
}

# CPU time all server JVMs of this run have used so far (user + system from /proc/<pid>/stat, clock ticks; both nodes
# of the cluster summed, nginx not counted), or nothing against a server this run did not start.
server_cpu_ticks() {
  [[ -n "${server_jvm_pids// /}" ]] || return 0
  local pid ticks total=0
  for pid in ${server_jvm_pids}; do
    ticks=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/${pid}/stat" 2>/dev/null) || return 0
    [[ -n "${ticks}" ]] || return 0
    total=$((total + ticks))
  done
  echo "${total}"
}

# The own single node's JVM (JFR and the heap figure are single-node only, as before the cluster existed).
single_server_pid() {
  [[ -z "${BENCH_CLUSTER:-}" && -n "${server_jvm_pids}" ]] || return 1
  echo "${server_jvm_pids%% *}"
}

# Heap in use after a full GC of the server's JVM (own single node only): what the realms and caches keep live.
scale_heap_after_warmup() {
  local pid
  command -v jcmd >/dev/null 2>&1 && pid=$(single_server_pid) || { echo "n/a"; return; }
  jcmd "${pid}" GC.run >/dev/null 2>&1 || true
  jcmd "${pid}" GC.heap_info 2>/dev/null | awk '/total/ && /used/ { for (i = 1; i <= NF; i++) if ($i == "used") { print $(i + 1); exit } }'
}

# ---- profile (BENCH_JFR=1, own single node only) ---------------------------------------------------------------
# Records the scenarios with Java Flight Recorder (settings=profile: CPU samples every 10-20 ms) from the first
# scenario to the last (set-up and admin calls left out); server.jfr and its summary (bench/jfr-summary.sh) land in the results folder.
jfr_enabled() { [[ -n "${BENCH_JFR:-}" && "${BENCH_JFR}" != 0 ]] && single_server_pid >/dev/null; }
# Keycloak's request stacks are deeper than JFR's default 64 frames; the depth is fixed at JVM start (the nodes
# inherit JAVA_OPTS_APPEND through the launcher).
[[ -z "${BENCH_JFR:-}" || "${BENCH_JFR}" == 0 ]] \
  || export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:-} -XX:FlightRecorderOptions:stackdepth=256"
jfr_start() {
  jfr_enabled || return 0
  jcmd "$(single_server_pid)" JFR.start name=bench settings=profile >/dev/null || die "JFR.start failed"
  log "JFR recording started (settings=profile)"
}
jfr_finish() {
  jfr_enabled || return 0
  jcmd "$(single_server_pid)" JFR.stop name=bench filename="${run_dir}/server.jfr" >/dev/null || die "JFR.stop failed"
  "${bench_dir}/jfr-summary.sh" "${run_dir}/server.jfr" >"${run_dir}/jfr-summary.txt"
  log "JFR: ${run_dir}/server.jfr, summary ${run_dir}/jfr-summary.txt"
}

# What the meters counted during the run (BENCH_METRICS=1): proof that they were on. One block per node.
save_metrics() {
  [[ "${BENCH_METRICS:-0}" == 1 && -n "${server_management_urls}" ]] || return 0
  local url
  for url in ${server_management_urls}; do
    echo "# ---- ${url}/metrics"
    curl -s "${url}/metrics" || true
  done >"${run_dir}/metrics.txt"
}
