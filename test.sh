#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs the test suite. This is the README's test command.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build KamHp.sln -c Release
log=$(mktemp)
status=0
dotnet test KamHp.Tests/KamHp.Tests.csproj -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?
# One plain summary line ("N passed, N failed") from the runner's own totals block:
#   Total tests: N / Passed: N / Failed: N / Skipped: N (lines absent when zero).
count() { grep -E "^ +$1: +[0-9]+$" "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0; }
if grep -q '^Total tests:' "$log"; then
  echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
fi
rm -f "$log"
exit "$status"
