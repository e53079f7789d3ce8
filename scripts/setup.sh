#!/usr/bin/env bash
# Installs what authspec needs to build and test (Debian 12, as root), then configures and builds.
# Each package is installed only when missing, so a prepared machine does not touch the network.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake pkgconf libcpp-httplib-dev libcurl4-openssl-dev libssl-dev
          libboost-program-options-dev nlohmann-json3-dev libyaml-cpp-dev libgtest-dev libgmock-dev
          libxml2-utils nginx apache2)
source scripts/missing_packages.sh
mapfile -t missing < <(missing_packages "${packages[@]}")
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # nginx and apache2 are only run by the tests, on loopback ports: their packages must not start
  # system services (policy-rc.d 101 = "not allowed"), and no daemon outlives the install.
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ "$created_policy" = 1 ] && rm -f "$policy"
fi

build_type=${BUILD_TYPE:-RelWithDebInfo}
cmake -S . -B build -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
cmake --build build -j "$(nproc)"
