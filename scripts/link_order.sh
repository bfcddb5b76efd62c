#!/usr/bin/env bash
# Regenerates the link order files of the programs a user runs (issue #8, "under 5 MB RSS"):
#   apps/sm307-meter/link.order and apps/dlms/link.order
# Each lists, one symbol a line, the functions a typical run executes, found by running the
# programs under valgrind's callgrind. The static link (cmake/StaticRuntime.cmake) hands the file to
# lld (--symbol-ordering-file) so those functions sit together at the start of .text: the kernel
# maps code in 64 KiB windows around each page a program touches (fault-around), so code that runs
# scattered among code that never runs makes the whole executable resident.
#
# Two tiers per program, each sorted so that a regeneration gives a readable diff:
#   1. start-up, the 100-day backfill, public and LLS associations, GETs, a whole load profile read
#      over the wrapper and over HDLC (CSV and JSON);
#   2. what HLS-GMAC with authenticated encryption (the management client) adds: the crypto.
# Stale names in a file are ignored by the linker; a missing hot function only costs resident pages,
# which bench/profile_read.sh reports. Run it after a change that moves much code, then re-run the
# benchmark:
#   scripts/link_order.sh [BUILD_DIR]      (default build/default; needs valgrind)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$repo/build/default}"
meter="$build/apps/sm307-meter/sm307-meter"
dlms="$build/apps/dlms/dlms"
for tool in valgrind callgrind_control; do
  command -v "$tool" >/dev/null || { echo "link_order: $tool not found (apt-get install valgrind)" >&2; exit 2; }
done
[[ -x "$meter" && -x "$dlms" ]] || { echo "link_order: build sm307-meter and dlms in $build first" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/link-order.XXXXXX")"
meter_pid=""
# shellcheck disable=SC2317  # called through the EXIT trap
cleanup() {
  [[ -n "$meter_pid" ]] && kill -TERM "$meter_pid" 2>/dev/null && wait "$meter_pid" 2>/dev/null
  if [[ "${KEEP:-0}" == 1 ]]; then
    echo "link_order: kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

callgrind() { # OUT_PREFIX PROGRAM ARGS...
  local out="$1"
  shift
  valgrind -q --tool=callgrind --demangle=no --dump-instr=no --callgrind-out-file="$out.%p" "$@"
}

# functions FILE...: the symbol names callgrind saw executing, one per line (recursion suffixes and
# addresses without a symbol dropped).
functions() {
  grep -hoE '^c?fn=\([0-9]+\) [^ ]+' "$@" | sed -E "s/^c?fn=\([0-9]+\) //; s/'[0-9]+$//" |
    grep -vE '^(0x[0-9a-f]+|\(below)' | LC_ALL=C sort -u
}

# wait_ready OUT: waits (up to 10 min, valgrind is slow) for the meter's ready line in its stdout
# file OUT, then prints its wrapper and HDLC ports.
wait_ready() {
  for _ in $(seq 1 1200); do
    grep -q '^sm307-meter: ready' "$1" 2>/dev/null && break
    sleep 0.5
  done
  grep -q '^sm307-meter: ready' "$1" || { echo "link_order: meter not ready ($1)" >&2; return 1; }
  echo "$(sed -n 's/^sm307-meter: listening wrapper .*:\([0-9]*\)$/\1/p' "$1")" \
    "$(sed -n 's/^sm307-meter: listening hdlc .*:\([0-9]*\)$/\1/p' "$1")"
}

echo "link_order: meter under callgrind (start-up and 100-day backfill take a minute)"
valgrind -q --tool=callgrind --demangle=no --dump-instr=no --callgrind-out-file="$work/meter.%p" \
  "$meter" --data-dir "$work/data" --bind 127.0.0.1 --wrapper-port 0 --hdlc-port 0 --backfill 100d \
  --log-level warn >"$work/meter.out" 2>"$work/meter.err" &
meter_pid=$!
meter_cg_pid=$meter_pid # callgrind names its final dump after the pid, the first one PID.1
read -r wrapper_port hdlc_port < <(wait_ready "$work/meter.out")
[[ -n "$wrapper_port" && -n "$hdlc_port" ]] || { echo "link_order: meter not ready" >&2; exit 2; }

wrapper=(--host 127.0.0.1 --port "$wrapper_port")
hdlc=(--host 127.0.0.1 --port "$hdlc_port" --transport hdlc)
reader=(--client 32 --auth lls --password 12345678)
management=(--client 1 --auth hls-gmac --security auth-enc --block-key 000102030405060708090A0B0C0D0E0F
  --auth-key D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF)
run_dlms() { # TIER ARGS...
  local tier="$1"
  shift
  callgrind "$work/dlms$tier" "$dlms" "$@" >/dev/null
}

# Tier 1.
run_dlms 1 profile 1.0.99.1.0.255 "${wrapper[@]}" "${reader[@]}" --format csv
run_dlms 1 profile 1.0.99.1.0.255 "${hdlc[@]}" "${reader[@]}" --format json
run_dlms 1 get 8/0.0.1.0.0.255/2 "${wrapper[@]}"
run_dlms 1 get 3/1.0.1.8.0.255/2 "${hdlc[@]}" "${reader[@]}"
run_dlms 1 objects "${wrapper[@]}"
run_dlms 1 clock "${wrapper[@]}" "${reader[@]}"
run_dlms 1 info "${wrapper[@]}"
callgrind_control --dump "$meter_pid" >/dev/null 2>&1
# Tier 2.
run_dlms 2 clock "${wrapper[@]}" "${management[@]}"
run_dlms 2 profile 1.0.99.1.0.255 "${wrapper[@]}" "${management[@]}" --format csv
run_dlms 2 get 8/0.0.1.0.0.255/2 "${hdlc[@]}" "${management[@]}"

kill -TERM "$meter_pid"
wait "$meter_pid" || true
meter_pid=""

# Native runs under perf, recording each page fault: valgrind's CPU is not this machine's, so
# glibc picks other string-function variants natively, and a first touch outside the ordered code
# shows what else runs.
perf_runs=()
if command -v perf >/dev/null; then
  perf_record() { # NAME PROGRAM ARGS...
    local name="$1"
    shift
    perf record -q -e page-faults -c 1 -d -o "$work/$name.perf" "$@"
  }
  perf record -q -e page-faults -c 1 -d -o "$work/meter.perf" "$meter" --data-dir "$work/data2" --bind 127.0.0.1 --wrapper-port 0 --hdlc-port 0 \
    --backfill 100d --log-level warn >"$work/meter2.out" 2>"$work/meter2.err" &
  meter_pid=$!
  read -r wrapper_port _ < <(wait_ready "$work/meter2.out")
  perf_record dlms "$dlms" profile 1.0.99.1.0.255 --host 127.0.0.1 --port "$wrapper_port" "${reader[@]}" \
    --format csv >/dev/null
  kill -INT "$meter_pid"
  wait "$meter_pid" || true
  meter_pid=""
  for name in meter dlms; do
    perf script -i "$work/$name.perf" -F addr 2>/dev/null >"$work/$name.faults" || true
  done
  perf_runs=(meter dlms)
else
  echo "link_order: perf not found; the order misses what only native runs show" >&2
fi
faults() { [[ " ${perf_runs[*]} " == *" $1 "* ]] && echo "$work/$1.faults"; }

# Read-only data the meter reads (lackey traces every load, so only a short run: start-up and
# a read of its young profile): named objects of .rodata and .data.rel.ro go first, as the code does
# in .text.
if [[ "$(readelf -h "$meter" | awk '/Type:/ { print $2 }')" == EXEC ]]; then
  # Section bounds as 8 hex digits, lackey's format (a static executable lies below 4 GiB).
  section() { readelf -SW "$meter" | awk -v n="$1" '{ sub(/^ *\[ *[0-9]+\] */, "") } $1 == n { print $3, $5 }'; }
  read -r ro_addr _ < <(section .rodata)
  read -r text_addr _ < <(section .text)
  read -r rr_addr rr_size < <(section .data.rel.ro)
  ro_lo="$(printf %08x $((16#$ro_addr)))"
  ro_hi="$(printf %08x $((16#$text_addr)))"
  rr_lo="$(printf %08x $((16#$rr_addr)))"
  rr_hi="$(printf %08x $((16#$rr_addr + 16#$rr_size)))"
  echo "link_order: meter under lackey (read-only data, about a minute)"
  valgrind --tool=lackey --trace-mem=yes --log-fd=3 "$meter" --data-dir "$work/data3" --bind 127.0.0.1 \
    --wrapper-port 0 --hdlc-port -1 --log-level warn 3>&1 >"$work/meter3.out" 2>/dev/null |
    awk -v lo="$ro_lo" -v hi="$ro_hi" -v lo2="$rr_lo" -v hi2="$rr_hi" '$1 ~ /^[LSM]$/ {
      a = substr($2, 1, index($2, ",") - 1)
      if (length(a) == 8 && ((a >= lo && a < hi) || (a >= lo2 && a < hi2)) && !seen[substr(a, 1, 7)]++) print a
    }' >"$work/meter.rodata" &
  lackey_pid=$!
  read -r wrapper_port _ < <(wait_ready "$work/meter3.out")
  "$dlms" profile 1.0.99.1.0.255 --host 127.0.0.1 --port "$wrapper_port" "${reader[@]}" --format csv >/dev/null
  pkill -TERM -f -- "--data-dir $work/data3" || true
  wait "$lackey_pid" || true
  perf_runs+=(meter-rodata)
  cp "$work/meter.rodata" "$work/meter-rodata.faults"
fi

lib=/usr/lib/x86_64-linux-gnu
# shellcheck disable=SC2046  # faults prints nothing or one path
python3 "$repo/scripts/link_order.py" --binary "$meter" --header "sm307-meter: functions run by start-up and service" \
  --tier1 "$work"/meter.*.1 --tier2 "$work/meter.$meter_cg_pid" \
  --faults $(faults meter) $(faults meter-rodata) --archive "$lib/libsqlite3.a" "$lib/libcrypto.a" --out "$repo/apps/sm307-meter/link.order"
# shellcheck disable=SC2046
python3 "$repo/scripts/link_order.py" --binary "$dlms" --header "dlms: functions run by the client commands" \
  --tier1 "$work"/dlms1.* --tier2 "$work"/dlms2.* --faults $(faults dlms) --archive "$lib/libcrypto.a" \
  --out "$repo/apps/dlms/link.order"
