#!/usr/bin/env bash
# Runs inside the private D-Bus session and keyring that scripts/with-keyring.sh set up.
set -uo pipefail
cd "$(dirname "$0")/.."

export SIGNET_KEYCHAIN_SERVICE="signet-test-$$"
export SIGNET_LOG_LEVEL=error
export FORCE_COLOR=0

checks_passed=0
checks_failed=0
failed_names=()
check() {
  local name=$1; shift
  local log="test-results/${name}.log"
  local started=$SECONDS
  if "$@" >"$log" 2>&1; then
    checks_passed=$((checks_passed + 1))
    echo "check ${name}: ok ($((SECONDS - started)) s)"
  else
    checks_failed=$((checks_failed + 1))
    failed_names+=("$name")
    echo "check ${name}: FAILED ($((SECONDS - started)) s), output follows"
    tail -n 60 "$log"
  fi
}

check typecheck npm run --silent typecheck
check lint npm run --silent lint
check dependencies npm run --silent deps
check build npm run --silent build
check bundle-budget node scripts/check-bundle-budget.js

rm -f test-results/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" 2>&1 | tee test-results/vitest-output.log
vitest_status=${PIPESTATUS[0]}

# Every test's output, the JSON report and the check logs: no secret may appear in any of them.
check secret-scan node scripts/scan-secrets.js test-results

node scripts/summarize-tests.js test-results/vitest.json "$checks_passed" "$checks_failed" "$vitest_status" "${failed_names[*]:-}"
