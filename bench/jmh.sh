#!/usr/bin/env bash
# JMH microbenchmarks of the extension's pure pieces (digest handling, MD5-prehash Argon2 vs Keycloak's Argon2).
#
#   bench/jmh.sh [JMH options...]      e.g. bench/jmh.sh Md5Digest    or    bench/jmh.sh -f 2 -i 10
#
# Builds the providers JAR and bench/jmh (Maven profile `bench`), then runs JMH with Keycloak's own classes from
# the distribution's lib/lib/main (unpacked once into bench/target/, as bench/run.sh does). Default JMH options:
# 1 fork, 3 warm-up and 5 measurement iterations of 2 s each, unless JMH options are given (passed on as they are).
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "${bench_dir}")
work="${bench_dir}/target"
version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "${root}/pom.xml" | head -n 1)

echo "Building the providers JAR and bench/jmh..." >&2
(cd "${root}" && mvn -B -q -Dstyle.color=never -Pbench package -DskipTests -Dspotless.check.skip=true \
  -pl bench/jmh -am)
echo "Unpacking Keycloak ${version} into bench/target/ (once)..." >&2
(cd "${root}" && mvn -B -q -Dstyle.color=never -pl providers dependency:unpack@unpack-keycloak \
  -Dkeycloak.dist.parent="${work}")

# Without options of its own (benchmark name filters alone are fine), JMH gets the short defaults.
if [[ " $* " != *" -"* ]]; then
  set -- -f 1 -wi 3 -w 2s -i 5 -r 2s "$@"
fi
# The benchmarks JAR goes first so JMH's own dependencies win over anything in the distribution; jboss-logging
# sits in the distribution's boot folder.
lib="${work}/keycloak-${version}/lib/lib"
logging=$(ls "${lib}"/boot/org.jboss.logging.jboss-logging-*.jar)
exec java -cp "${bench_dir}/jmh/target/benchmarks.jar:${logging}:${lib}/main/*" org.openjdk.jmh.Main "$@"
