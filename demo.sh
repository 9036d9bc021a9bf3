#!/usr/bin/env bash
# Sets up (installs missing packages), builds, starts the local AWS sandbox, then plans and applies
# an example from nothing and shows that a second plan has nothing to do (and sends no mutating
# request). EXAMPLE=examples/quickstart runs the engine-only example on the mem provider instead;
# EXAMPLE=examples/databricks-uc the Unity Catalog example (AWS and Databricks emulators);
# EXAMPLE=examples/snowflake-share seed 001 (AWS and Snowflake), examples/snowflake-external-tables
# seed 002, examples/snowflake-core every core Snowflake kind.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake --build "$BUILD_DIR" --target causeway causeway-sandbox
CW="$PWD/$BUILD_DIR/causeway"
EXAMPLE=${EXAMPLE:-examples/aws-lake}

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Start from nothing: stop and forget earlier demo runs.
"$CW" -C "$EXAMPLE" sandbox stop >/dev/null 2>&1 || true
rm -rf "$EXAMPLE/.causeway" "$EXAMPLE/.causeway-live.json" "$EXAMPLE/.causeway-live.json.log"

step "causeway validate"
"$CW" -C "$EXAMPLE" validate

step "causeway sandbox start (local emulators of IAM, STS, S3, Glue, Lake Formation, Athena, Unity Catalog)"
"$CW" -C "$EXAMPLE" sandbox start

step "causeway plan (from nothing)"
"$CW" -C "$EXAMPLE" plan

step "causeway apply --auto-approve"
"$CW" -C "$EXAMPLE" apply --auto-approve

step "causeway plan --detailed-exitcode (again: nothing to do)"
"$CW" -C "$EXAMPLE" sandbox reset-counts >/dev/null 2>&1 || true
set +e
"$CW" -C "$EXAMPLE" plan --detailed-exitcode
rc=$?
set -e
echo "exit code: $rc (0 = no changes)"
if "$CW" -C "$EXAMPLE" sandbox counts >/tmp/causeway-demo-counts.json 2>/dev/null; then
  python3 -c 'import json; c = json.load(open("/tmp/causeway-demo-counts.json")); print("requests for that plan:", c["total"], "(mutating:", c["mutating"], ")")'
fi

step "causeway state history"
"$CW" -C "$EXAMPLE" state history
echo
echo "The sandbox keeps running for you to explore (causeway -C $EXAMPLE sandbox stop ends it)."
exit $rc
