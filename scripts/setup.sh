#!/usr/bin/env bash
# Installs the Debian packages Causeway builds and tests with, if any is missing, then
# configures the build directory. Idempotent and quiet when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build pkg-config libfyaml-dev nlohmann-json3-dev libcurl4-openssl-dev
  libssl-dev libgit2-dev libspdlog-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  libmicrohttpd-dev libinih-dev libtomlplusplus-dev libpugixml-dev libjemalloc-dev libsimdjson-dev libzip-dev awscli git)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js drives the fidelity checks with the npm AWS/Databricks SDKs; machines of this kind ship
# it (not from Debian), so only install Debian's when there is none.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
fi
