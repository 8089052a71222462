#!/usr/bin/env bash
# Remakes cmd/spelunk/default.pgo, the CPU profile `go build` uses for
# profile-guided optimization of the spelunk binary (it inlines and lays
# out the hot paths those workloads take; about 3-5% less CPU indexing
# W1). See docs/PERFORMANCE.md. The profile is of these workloads, merged:
#
#   indexing W1 twice; the seed detection, a raw search and a broad tstats
#   over W1's XML; with -realdata DIR -corpus DIR, the hunt over realdata's
#   files and over an index of them.
#
#   scripts/pgo.sh [-dir DIR] [-realdata ../shared/realdata -corpus ../shared/corpus/security_content]
#
# W1 is generated into DIR (default $TMPDIR/spelunk-bench, as bench.sh)
# when it is not there. Remake the profile when the hot paths change much:
# a stale profile costs nothing but the gain.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh
dir=${TMPDIR:-/tmp}/spelunk-bench realdata= corpus=
while [ $# -gt 0 ]; do
  case $1 in
    -dir) dir=$2; shift 2 ;;
    -realdata) realdata=$2; shift 2 ;;
    -corpus) corpus=$2; shift 2 ;;
    *) echo "usage: scripts/pgo.sh [-dir DIR] [-realdata DIR -corpus DIR]" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Without the old profile: the new one is of the code as written.
CGO_ENABLED=0 go build -pgo=off -o "$work/spelunk" ./cmd/spelunk
CGO_ENABLED=0 go build -o "$work/spelunk-bench" ./cmd/spelunk-bench
mkdir -p "$dir"
w1=$dir/w1_200000.xml
[ -f "$w1" ] || "$work/spelunk-bench" gen -n 200000 -seed 1 -format xml -o "$w1"
[ -f "$dir/seed.yml" ] || { echo "scripts/pgo.sh: $dir/seed.yml is missing: run scripts/bench.sh once first" >&2; exit 1; }
n=0
prof() { n=$((n + 1)); SPELUNK_CPUPROFILE="$work/$n.prof" "$work/spelunk" "$@" >/dev/null; }
for _ in 1 2; do
  rm -rf "$work/idx"
  prof index --data "$w1" --out "$work/idx"
done
prof run --detection "$dir/seed.yml" --data "$w1" --format csv
prof run --data "$w1" --format csv 'search CommandLine="*whoami*" | stats count by Computer'
prof run --data "$w1" --format csv '| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name'
if [ -n "$realdata" ] && [ -n "$corpus" ]; then
  hunt=(--macros "$corpus" --detections "$corpus/detections" --format jsonl)
  prof hunt --data "$realdata" "${hunt[@]}"
  rm -rf "$work/ridx"
  "$work/spelunk" index --data "$realdata" --out "$work/ridx" >/dev/null
  prof hunt --data "$work/ridx" "${hunt[@]}"
fi
go tool pprof -proto "$work"/*.prof > cmd/spelunk/default.pgo
echo "wrote cmd/spelunk/default.pgo from $n profiles"
