# Sourced by .ci/run and the scripts: the Go that builds and tests spelunk.
#
# Go 1.27.3, which the go command fetches from the module proxy (about
# 76 MB, once per machine), makes a spelunk that indexes W1 with about 9%
# less CPU than Go 1.26.8 does (docs/PERFORMANCE.md). go.mod still asks
# for 1.26.8 only: the module builds, and its tests pass, with either.
# Set GOTOOLCHAIN (local: the machine's Go) to choose another.
export PATH="$PATH:/usr/local/go/bin"
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}"
if ! go version >/dev/null 2>&1; then
  echo "toolchain.sh: Go ${GOTOOLCHAIN#go} could not be fetched; building with the machine's Go" >&2
  export GOTOOLCHAIN=local
fi
