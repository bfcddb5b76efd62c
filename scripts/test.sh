#!/usr/bin/env bash
# Builds everything and runs every test: the README's test command, and what CI runs.
#   1. g++-12 RelWithDebInfo: all tests (unit, slow system tests, fuzz corpus replay, bench smoke)
#   2. clang-14 ASan+UBSan: all tests but the slow and bench ones; links the fuzz targets
#   3. each fuzz target fuzzed for FUZZ_SECONDS (default 20) on a copy of its corpus
#   4. the embeddable core cross-compiled for Cortex-M4 (arm-none-eabi-g++), code size printed
#   5. clang-tidy on the C++ files changed since TIDY_BASE (default: the merge base with
#      origin/main, else the last commit older than 12 hours)
# Environment: FUZZ_SECONDS, TIDY_BASE, SKIP_STAGES (e.g. "asan fuzz" to skip stages locally).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

FUZZ_SECONDS=${FUZZ_SECONDS:-20}
SKIP_STAGES=${SKIP_STAGES:-}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
# Paths relative to the checkout, so a fresh clone elsewhere hits the same cache entries.
export CCACHE_BASEDIR=$root
export CCACHE_NOHASHDIR=1
export CTEST_OUTPUT_ON_FAILURE=1
jobs=$(nproc)

declare -a timings=()
stage() {
  local name=$1
  shift
  if [[ " $SKIP_STAGES " == *" $name "* ]]; then
    echo "=== stage $name: skipped"
    return 0
  fi
  echo "=== stage $name"
  local start=$SECONDS
  "$@"
  local took=$((SECONDS - start))
  timings+=("$name ${took}s")
  echo "=== stage $name took ${took}s"
}

bootstrap() { ./scripts/bootstrap.sh; }

build_default() {
  cmake --preset default >/dev/null
  cmake --build --preset default -j "$jobs"
}
test_default() { ctest --preset default -j "$jobs"; }

build_asan() {
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
}
test_asan() {
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --preset asan -j "$jobs"
}

fuzz_all() {
  local targets
  targets=$(cat build/asan/fuzz_targets.txt 2>/dev/null | tr ';' ' ')
  local work
  work=$(mktemp -d)
  for t in $targets; do
    local corpus="$work/$t"
    mkdir -p "$corpus"
    if [ -d "fuzz/corpus/$t" ]; then cp -r "fuzz/corpus/$t/." "$corpus/"; fi
    local dict=()
    if [ -f "fuzz/$t.dict" ]; then dict=(-dict="fuzz/$t.dict"); fi
    echo "--- fuzz $t for ${FUZZ_SECONDS}s ($(find "$corpus" -type f | wc -l) seeds)"
    if ! "build/asan/fuzz/$t" "${dict[@]}" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/" "$corpus" >"$work/$t.log" 2>&1; then
      tail -n 60 "$work/$t.log"
      echo "fuzz target $t failed; reproducer in $work"
      return 1
    fi
    grep -E "stat::number_of_executed_units|Done" "$work/$t.log" | tail -n 2 || true
  done
  rm -rf "$work"
}

cortex_m4() {
  cmake --preset cortex-m4 >/dev/null
  cmake --build --preset cortex-m4 -j "$jobs"
  echo "--- Cortex-M4 (-Os, Thumb-2): embeddable core linked against newlib-nano (link check)."
  echo "--- code size of the whole embeddable core (all libraries, text/data/bss):"
  find build/cortex-m4 -name 'lib*.a' -print0 | xargs -0 arm-none-eabi-size -t | tail -n 1
  find build/cortex-m4 -name 'lib*.a' -print0 | sort -z | while IFS= read -r -d '' lib; do
    printf '  %-40s %s bytes text\n' "$(basename "$lib")" \
      "$(arm-none-eabi-size -t "$lib" | tail -n 1 | awk '{print $1}')"
  done
}

tidy_changed() {
  local base=${TIDY_BASE:-}
  if [ -z "$base" ] && git rev-parse -q --verify origin/main >/dev/null; then
    base=$(git merge-base HEAD origin/main)
    [ "$base" = "$(git rev-parse HEAD)" ] && base=""
  fi
  [ -z "$base" ] && base=$(git rev-list -1 --before='12 hours ago' HEAD 2>/dev/null || true)
  local files
  if [ -n "$base" ]; then
    files=$(git diff --name-only --diff-filter=d "$base" -- '*.cpp' || true)
  else
    files=$(git ls-files '*.cpp')
  fi
  files=$(echo "$files" | grep -v '^$' | while read -r f; do
    grep -q "\"file\": \"$root/$f\"" build/default/compile_commands.json && echo "$root/$f"; done || true)
  if [ -z "$files" ]; then
    echo "no changed C++ sources since ${base:-the first commit}"
    return 0
  fi
  echo "clang-tidy on $(echo "$files" | wc -l) files changed since ${base:-the first commit}"
  # shellcheck disable=SC2086
  run-clang-tidy-14 -p build/default -quiet -j "$jobs" $files >build/clang-tidy.log 2>&1 || {
    grep -E "warning:|error:" -A3 build/clang-tidy.log | head -n 200
    return 1
  }
}

stage bootstrap bootstrap
stage build-gcc build_default
stage test-gcc test_default
stage build-asan build_asan
stage test-asan test_asan
stage fuzz fuzz_all
stage cortex-m4 cortex_m4
stage clang-tidy tidy_changed

echo "=== stage wall times:"
for t in "${timings[@]}"; do echo "  $t"; done
echo "=== all stages passed"
