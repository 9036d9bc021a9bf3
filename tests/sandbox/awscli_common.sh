#!/usr/bin/env bash
# Shared by the awscli fidelity scripts (tests/sandbox/*_awscli.sh), which source it: the
# sandbox's credentials and endpoint for Debian's awscli, and the check/expect_error helpers
# that count failed steps. Expects the sandbox endpoint as the script's first argument.
shopt -s lastpipe  # `... | check` runs check in this shell so failures are counted

ENDPOINT="${1:?usage: $0 ENDPOINT}"
export AWS_ACCESS_KEY_ID=AKIDSANDBOXEXAMPLE
export AWS_SECRET_ACCESS_KEY=sandbox/secret/key/EXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_MAX_ATTEMPTS=1
export AWS_RETRY_MODE=standard
export AWS_PAGER=""
unset AWS_SESSION_TOKEN AWS_PROFILE

ACCOUNT=123456789012
FAILS=0
STEPS=0

awsx() { aws --endpoint-url "$ENDPOINT" --output json "$@"; }

# check "<description>" "<python expression over d>" <<< "$json"
check() {
  local what="$1" expr="$2" json
  json="$(cat)"
  STEPS=$((STEPS + 1))
  if ! python3 -c "import json,sys; d=json.loads(sys.argv[1] or 'null'); sys.exit(0 if ($expr) else 1)" "$json"; then
    echo "FAIL: $what: expected $expr" >&2
    echo "      got: $json" >&2
    FAILS=$((FAILS + 1))
  fi
}

# expect_error CODE <aws args...>: the command fails and names the AWS error code.
expect_error() {
  local code="$1" err
  shift
  STEPS=$((STEPS + 1))
  if err="$(awsx "$@" 2>&1 >/dev/null)"; then
    echo "FAIL: aws $* succeeded, expected $code" >&2
    FAILS=$((FAILS + 1))
  elif [[ "$err" != *"($code)"* ]]; then
    echo "FAIL: aws $*: expected ($code), got: $err" >&2
    FAILS=$((FAILS + 1))
  fi
}
