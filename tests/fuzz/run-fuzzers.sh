#!/usr/bin/env bash
# run-fuzzers.sh BUILD_DIR SECONDS — runs every fuzz_* target in BUILD_DIR for SECONDS each,
# starting from its seed corpus (tests/fuzz/corpus/NAME). Fails on the first crash.
set -euo pipefail
dir=$(cd "$1" && pwd); seconds="${2:-30}"
here=$(cd "$(dirname "$0")" && pwd)
found=0
for f in "$dir"/fuzz_*; do
  [ -x "$f" ] || continue
  found=1
  name=$(basename "$f"); name=${name#fuzz_}
  work=$(mktemp -d)
  seeds="$here/corpus/$name"
  [ -d "$seeds" ] && cp -r "$seeds"/. "$work"/
  echo "fuzz $name: ${seconds}s"
  log="$work.log"
  if (cd "$work" && "$f" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 "$work" >"$log" 2>&1); then
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done)" "$log" || true
    rm -rf "$work" "$log"
  else
    tail -n 60 "$log"
    echo "fuzz $name: FAILED (the crashing input is in $work)"
    exit 1
  fi
done
[ "$found" = 1 ] || echo "no fuzz targets in $dir"
