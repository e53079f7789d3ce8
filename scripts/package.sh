#!/usr/bin/env bash
# Builds the Debian package: authspec and authspec-mock in /usr/bin, the man pages authspec(1) and
# authspec-profile(5), the bash completion, and the example profiles and CI templates under
# /usr/share/doc/authspec; the runtime dependencies are read off the binaries (dpkg-shlibdeps).
# Prints the .deb's path. Install it with: apt-get install ./authspec_*.deb (or dpkg -i).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
command -v dpkg-shlibdeps >/dev/null || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null
}
out=$(realpath -m "${1:-build/package}")
mkdir -p "$out"
(cd build && cpack -G DEB -B "$out" >/dev/null)
ls "$out"/authspec_*.deb
