#!/bin/sh
# Installs authspec for a CI job (the GitHub Action and the GitLab template run it): nothing when
# authspec is already on PATH; else the Debian package AUTHSPEC_CI_PACKAGE names (a file, or an
# http(s) URL fetched with curl); else the package built from this checkout of authspec
# (scripts/package.sh: installs the build dependencies, builds, runs cpack). Debian 12 or a
# derivative, as root (or with sudo).
set -eu
cd "$(dirname "$0")/.."
if command -v authspec >/dev/null 2>&1 && command -v authspec-ci >/dev/null 2>&1; then
  authspec --version
  exit 0
fi
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
package=${AUTHSPEC_CI_PACKAGE:-}
case $package in
  http://* | https://*)
    command -v curl >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq curl ca-certificates; }
    curl -fsSL --retry 3 -o /tmp/authspec.deb "$package"
    package=/tmp/authspec.deb
    ;;
  "")
    package=$($sudo scripts/package.sh | tail -n 1)
    ;;
esac
[ -f "$package" ] || { echo "ci_install.sh: no package at $package" >&2; exit 2; }
$sudo apt-get update -qq
$sudo apt-get install -y -qq "$(realpath "$package")" >/dev/null
authspec --version
