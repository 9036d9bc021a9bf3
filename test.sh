#!/usr/bin/env bash
# Sets up (installs missing packages), builds, and runs every test.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake --build "$BUILD_DIR" -- -k 0
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)" "$@"
