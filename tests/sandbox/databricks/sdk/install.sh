#!/bin/sh
# Installs the Databricks JS SDK pinned by package.json/package-lock.json (next to this script)
# into DIR (outside the source tree, e.g. the build directory) with `npm ci`, once: a later run
# whose lock file is unchanged does nothing, and npm answers from its cache (--prefer-offline)
# when DIR was wiped. Serialised with flock so concurrent tests install it once.
# Usage: install.sh DIR   (exit 0 when DIR/node_modules holds the pinned SDK)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
mkdir -p "$dir"
exec 9>"$dir/install.lock"
flock 9
if [ -f "$dir/node_modules/@databricks/sdk-experimental/package.json" ] &&
   cmp -s "$here/package-lock.json" "$dir/package-lock.json"; then
  exit 0
fi
cp "$here/package.json" "$here/package-lock.json" "$dir/"
cd "$dir"
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
