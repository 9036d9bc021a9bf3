#!/bin/sh
# Installs the npm packages pinned by SRC/package.json and SRC/package-lock.json into DIR
# (outside the source tree, e.g. the build directory) with `npm ci`, once: a later run whose lock
# file is unchanged does nothing, and npm answers from its cache (--prefer-offline) when DIR was
# wiped. Serialised with flock so concurrent tests install once. Used by the SDK fidelity tests
# (tests/sandbox/databricks/sdk/, tests/sandbox/snowflake/sdk/; tests/support/sandbox_node.h).
# Usage: npm_ci_pinned.sh SRC DIR   (exit 0 when DIR/node_modules holds the pinned packages)
set -eu
src=$(cd "$1" && pwd)
dir=$2
mkdir -p "$dir"
exec 9>"$dir/install.lock"
flock 9
if [ -f "$dir/node_modules/.package-lock.json" ] &&
   cmp -s "$src/package-lock.json" "$dir/package-lock.json"; then
  exit 0
fi
cp "$src/package.json" "$src/package-lock.json" "$dir/"
cd "$dir"
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
