#!/usr/bin/env bash
# Performance benchmark (issue 8): builds spelunk, generates the workloads
# (seeded, so every machine reads the same bytes), runs them and prints a
# markdown table (wall, CPU, MB/s, events/s, peak RSS, ratio to a naive
# encoding/xml program). See docs/PERFORMANCE.md.
#
#   scripts/bench.sh                       W1, W2, W3 in memory
#   scripts/bench.sh -corpus ../shared/corpus/security_content -realdata ../shared/realdata
#                                          also W3's 100 detections and the realdata hunt
#   scripts/bench.sh -large                also W1 over 2,000,000 events (linear growth)
#
# Flags go to `spelunk-bench table` (-runs N, -events N, -dir DIR). Data
# is kept in -dir (default $TMPDIR/spelunk-bench, about 600 MB; 6 GB more
# with -large) and reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
CGO_ENABLED=0 go build -o "$bin/spelunk" ./cmd/spelunk
CGO_ENABLED=0 go build -o "$bin/spelunk-bench" ./cmd/spelunk-bench
"$bin/spelunk-bench" table -spelunk "$bin/spelunk" "$@"
