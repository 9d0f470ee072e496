#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs the test suite. This is the README's test command.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build KamHp.sln -c Release
log=$(mktemp)
status=0
dotnet test KamHp.Tests/KamHp.Tests.csproj -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?
# One plain summary line ("N passed, N failed") from the runner's own totals.
summary=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" | tail -1 || true)
if [ -n "$summary" ]; then
  failed=$(echo "$summary" | sed -E 's/Failed: +([0-9]+).*/\1/')
  passed=$(echo "$summary" | sed -E 's/.*Passed: +([0-9]+).*/\1/')
  skipped=$(echo "$summary" | sed -E 's/.*Skipped: +([0-9]+).*/\1/')
  echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
fi
rm -f "$log"
exit "$status"
