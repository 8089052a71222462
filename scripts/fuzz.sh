#!/bin/sh
# fuzz.sh runs spelunk's fuzz targets one after another, each for a chosen
# time, at the lowest CPU priority so other work on the machine is
# disturbed as little as possible.
#
# Usage: scripts/fuzz.sh [-t TIME] [-r ROUNDS] [-p WORKERS] [-l LOGDIR] [PATTERN]
#
#   -t TIME     how long each target runs per round (go test -fuzztime), default 60s
#   -r ROUNDS   how many rounds over all targets, default 1 (the corpus the
#               fuzzer builds is kept between rounds, so 5 rounds of 60s is
#               5 minutes of fuzzing per target)
#   -p WORKERS  fuzzing workers per target (go test -parallel), default 1
#   -l LOGDIR   where each run's output goes, default /tmp/spelunk-fuzz
#   PATTERN     only targets whose "package.Target" name matches this grep -E
#               pattern, e.g. 'ingest' or 'FuzzParse$'
#
# The seed corpus of every target (f.Add calls and testdata/fuzz/<Target>/)
# runs in plain `go test ./...`. A crash found here is saved by Go under
# <package>/testdata/fuzz/<Target>/ and from then on runs in `go test` too:
# fix it, keep the file as the regression test, and commit both.
#
# Exit status: 0 when no target failed, 1 otherwise; a table of targets,
# time and result is printed at the end.
set -u
time=60s rounds=1 workers=1 logdir=/tmp/spelunk-fuzz
while getopts t:r:p:l: opt; do
	case $opt in
	t) time=$OPTARG ;;
	r) rounds=$OPTARG ;;
	p) workers=$OPTARG ;;
	l) logdir=$OPTARG ;;
	*) sed -n '2,24p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
pattern=${1:-.}
cd "$(dirname "$0")/.." || exit 2
mkdir -p "$logdir"

# "go test -list" prints a package's targets, then "ok <package> ...".
targets=$(go test -list '^Fuzz' ./... 2>/dev/null | awk '
	/^Fuzz/ { names[n++] = $1; next }
	/^ok / { for (i = 0; i < n; i++) print $2 "." names[i]; n = 0 }' |
	sed 's|^github.com/spelunk-dev/spelunk|.|' | grep -E -- "$pattern")
if [ -z "$targets" ]; then
	echo "fuzz.sh: no fuzz target matches $pattern" >&2
	exit 2
fi

failed=0
summary=""
round=1
while [ "$round" -le "$rounds" ]; do
	for t in $targets; do
		pkg=${t%.*} name=${t##*.}
		log="$logdir/$(echo "$pkg" | tr / _)_$name.round$round.log"
		start=$(date +%s)
		nice -n 19 go test "$pkg" -run '^$' -fuzz "^$name\$" -fuzztime "$time" \
			-parallel "$workers" -fuzzminimizetime 10s >"$log" 2>&1
		rc=$?
		secs=$(($(date +%s) - start))
		if [ $rc -eq 0 ]; then
			result=ok
		else
			result="FAIL (see $log)"
			failed=1
		fi
		line=$(printf '%-45s round %d  %4ds  %s' "$t" "$round" "$secs" "$result")
		echo "$line"
		summary="$summary$line
"
	done
	round=$((round + 1))
done
printf '\n%s' "$summary"
exit $failed
