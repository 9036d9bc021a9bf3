#!/usr/bin/env bash
# Sets up (installs missing packages), builds, then plans and applies an example from nothing and
# shows that a second plan has nothing to do.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake --build "$BUILD_DIR" --target causeway
CW="$PWD/$BUILD_DIR/causeway"
EXAMPLE=${EXAMPLE:-examples/quickstart}

# Start from nothing: forget earlier demo runs.
rm -rf "$EXAMPLE/.causeway" "$EXAMPLE/.causeway-live.json"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "causeway validate"
"$CW" -C "$EXAMPLE" validate

step "causeway plan (from nothing)"
"$CW" -C "$EXAMPLE" plan

step "causeway apply --auto-approve"
"$CW" -C "$EXAMPLE" apply --auto-approve

step "causeway plan --detailed-exitcode (again: nothing to do)"
set +e
"$CW" -C "$EXAMPLE" plan --detailed-exitcode
rc=$?
set -e
echo "exit code: $rc (0 = no changes)"

step "causeway state history"
"$CW" -C "$EXAMPLE" state history
exit $rc
