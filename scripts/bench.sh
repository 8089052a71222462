#!/usr/bin/env bash
# Performance benchmark (issue 8): builds spelunk, generates the workloads
# (seeded, so every machine reads the same bytes), runs them and prints a
# markdown table (wall, CPU, MB/s, events/s, peak RSS, ratio to a naive
# encoding/xml program, and to DuckDB answering the same questions over
# the same raw lines). See docs/PERFORMANCE.md.
#
#   scripts/bench.sh                       W1, W2, W3 in memory, and DuckDB's runs
#   scripts/bench.sh -corpus ../shared/corpus/security_content -realdata ../shared/realdata
#                                          also W3's 100 detections and the realdata hunt
#   scripts/bench.sh -large                also W1 over 2,000,000 events (linear growth)
#   scripts/bench.sh -peer ''              without the DuckDB peer
#   scripts/bench.sh -index=false          without the workloads over a spelunk index of W1 (docs/INDEX.md)
#
# Flags go to `spelunk-bench table` (-runs N, -events N, -dir DIR). Data
# is kept in -dir (default $TMPDIR/spelunk-bench, about 600 MB; 6 GB more
# with -large) and reused by later runs.
#
# The DuckDB peer (bench/, its own module) needs cgo: a C compiler and
# github.com/duckdb/duckdb-go/v2 from the module cache or proxy (about
# 570 MB). When it does not build, the table is printed without it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
CGO_ENABLED=0 go build -o "$bin/spelunk" ./cmd/spelunk
CGO_ENABLED=0 go build -o "$bin/spelunk-bench" ./cmd/spelunk-bench
peer=()
if (cd bench && CGO_ENABLED=1 go build -o "$bin/spelunk-duckdb" .) 2>"$bin/peer.log"; then
  peer=(-peer "$bin/spelunk-duckdb")
else
  echo "bench.sh: the DuckDB peer (bench/) did not build, so its columns are left out:" >&2
  tail -n 5 "$bin/peer.log" >&2
fi
"$bin/spelunk-bench" table -spelunk "$bin/spelunk" "${peer[@]}" "$@"
