#!/usr/bin/env bash
# Runs the whole suite (vitest) with the clock moved to several times of day and across a DST
# change, to catch tests whose verdict depends on when they run (issue 10). Needs Debian's
# `faketime` package (apt-get install faketime) and a build (npm run build).
# Every process gets the same offset from real time (FAKETIME="+/-seconds"; libfaketime's "@"
# form restarts the clock in each process, so a writer or a browser started later would lag).
# Chromium keeps the real clock and its pages are shifted by the same offset (test/e2e/harness.ts).
# usage: bash scripts/test-at-times.sh [vitest args]   (logs in .tmp/clock-*.log)
set -uo pipefail
cd "$(dirname "$0")/.."
LIB=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -1)
[ -n "$LIB" ] || { echo "test-at-times: libfaketime is missing (apt-get install faketime)."; exit 2; }
mkdir -p .tmp
status=0
for spec in "2026-12-02 00:05:00|UTC" "2026-12-02 06:00:00|UTC" "2026-12-02 12:00:00|UTC" "2026-12-02 23:55:00|UTC" "2027-03-28 00:58:00|Europe/Berlin"; do
  at=${spec%|*}; zone=${spec#*|}
  offset=$(( $(date -u -d "$at" +%s) - $(date -u +%s) ))
  log=".tmp/clock-$(echo "$at $zone" | tr ' :/' '___').log"
  TZ=$zone LD_PRELOAD=$LIB FAKETIME="$( [ $offset -ge 0 ] && echo +)$offset" FAKETIME_DONT_FAKE_MONOTONIC=1 \
    npx vitest run "$@" > "$log" 2>&1
  rc=$?
  [ $rc -eq 0 ] || status=1
  echo "$at UTC ($zone): exit $rc, $(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ *Tests ' | tr -s ' ')"
done
exit $status
