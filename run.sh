#!/usr/bin/env bash
# Builds the extension, installs it (with its login theme) into a Keycloak distribution fetched
# through Maven, imports realm-export/ and starts Keycloak on http://localhost:8080.
# The embedded dev database lives in .run/ (git-ignored) and survives restarts; delete .run/ to reset.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
port=${KC_HTTP_PORT:-8080}
admin_user=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
admin_password=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}

echo "Building the extension JAR..."
mvn -B -q package -DskipTests -Dspotless.check.skip=true
echo "Fetching Keycloak ${version} through Maven (once)..."
mvn -B -q -pl providers dependency:unpack@unpack-keycloak -Dkeycloak.dist.parent="${root}/.run"

home="${root}/.run/keycloak-${version}"
rm -f "${home}"/providers/keycloak-till-auth-*.jar
cp providers/target/keycloak-till-auth-*.jar "${home}/providers/"
mkdir -p "${home}/data/import"
cp realm-export/*.json "${home}/data/import/"

cat <<MSG

  Keycloak ${version} with keycloak-till-auth is starting on http://localhost:${port}
  Admin console:  http://localhost:${port}/admin/   (user '${admin_user}', password '${admin_password}')
  Demo realm:     http://localhost:${port}/realms/demo-org/.well-known/openid-configuration
  Ctrl-C stops it. Realms that already exist in .run/ are not re-imported (delete .run/ to reset).

MSG
export KC_BOOTSTRAP_ADMIN_USERNAME="${admin_user}" KC_BOOTSTRAP_ADMIN_PASSWORD="${admin_password}"
exec "${home}/bin/kc.sh" start-dev --http-port="${port}" --import-realm --health-enabled=true
