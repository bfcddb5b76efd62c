#!/usr/bin/env bash
# Profile-read and concurrency benchmark of the SM307 meter (issue 8, "Benchmark"). Not a timed
# test: run it by hand on an idle machine and read the numbers.
#
#   bench/profile_read.sh [BUILD_DIR]      (default: build/default under the repository)
#
# 1. starts sm307-meter on free loopback ports with a temporary data dir and `--backfill 100d`
#    (the load profile 1.0.99.1.0.255 filled to its 9,600 rows at 15 min in simulated time);
# 2. reads the whole load profile with `dlms profile ... --stats --format csv` over the wrapper
#    (IEC 62056-47) and over HDLC over TCP (IEC 62056-46), REPEAT times each, and reports wall
#    time (best and median), bytes on the wire, GET requests and HDLC frames (from --stats),
#    and the peak RSS of dlms (/usr/bin/time -v) and of the meter (VmHWM of /proc/<pid>/status),
#    and the CPU seconds per read of both (on a busy machine the wall time is mostly waiting);
# 3. runs bench/tools/assoc_load: CONNECTIONS concurrent wrapper associations (public client),
#    all held open, each reading the clock; reports how many succeeded and the meter's RSS;
# 4. stops the meter (SIGTERM) and prints PASS/MISS against the targets: under 0.05 s over the
#    wrapper, under 5 MB peak RSS per process, CONNECTIONS concurrent associations held.
#
# The profile is read as the reader association (client 32, LLS, the meter's built-in TEST
# password; the public client cannot see the profile); DLMS_AUTH overrides those options.
# Only this project's binaries are used. Environment: REPEAT (5), CONNECTIONS (1000),
# BACKFILL (100d), KEEP=1 keeps the temporary directory (meter logs, CSV, --stats output).
# Exit status: 0 when every target is met, 1 when one is missed, 2 on a setup failure.

set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$repo/build/default}"
repeat="${REPEAT:-5}"
connections="${CONNECTIONS:-1000}"
backfill="${BACKFILL:-100d}"
profile_obis="1.0.99.1.0.255"
read -r -a dlms_auth <<<"${DLMS_AUTH:---client 32 --auth lls --password 12345678}"
target_wall_s="0.05"
target_rss_kib=4882 # 5 MB = 5,000,000 octets (4,882.8 KiB)

die() {
  echo "profile_read: $*" >&2
  exit 2
}

find_binary() { # name, preferred relative path
  local path="$build/$2"
  if [[ -x "$path" ]]; then
    echo "$path"
    return
  fi
  path="$(find "$build" -type f -name "$1" -perm -u+x 2>/dev/null | head -n 1)"
  [[ -n "$path" ]] || die "$1 not found under $build (build it first)"
  echo "$path"
}

[[ -d "$build" ]] || die "no build directory $build"
meter_bin="$(find_binary sm307-meter apps/sm307-meter/sm307-meter)"
dlms_bin="$(find_binary dlms apps/dlms/dlms)"
load_bin="$(find_binary assoc_load bench/assoc_load)"
time_bin=""
[[ -x /usr/bin/time ]] && time_bin=/usr/bin/time

work="$(mktemp -d "${TMPDIR:-/tmp}/sm307-bench.XXXXXX")"
meter_pid=""
# shellcheck disable=SC2317  # called through the EXIT trap
cleanup() {
  if [[ -n "$meter_pid" ]] && kill -0 "$meter_pid" 2>/dev/null; then
    kill -TERM "$meter_pid" 2>/dev/null || true
    wait "$meter_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP:-0}" == 1 ]]; then
    echo "profile_read: kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
stage() { printf '[stage] %-34s %8s s\n' "$1" "$2"; }
kib_status() { # pid field -> kB value of /proc/<pid>/status, or 0
  awk -v f="$2:" '$1 == f { print $2; found = 1 } END { if (!found) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0
}
cpu_ticks() { # pid -> utime + stime of /proc/<pid>/stat in clock ticks, or 0
  awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
verdict() { # ok(0/1) -> PASS/MISS
  if [[ "$1" == 1 ]]; then echo PASS; else echo MISS; fi
}

echo "profile_read: build $build"
echo "profile_read: meter $meter_bin"
echo "profile_read: dlms  $dlms_bin"
echo "profile_read: load  $load_bin"
echo "profile_read: $(nproc) cores, repeat $repeat, backfill $backfill, connections $connections"

# --- 1. meter with a backfilled load profile ---------------------------------------------
t0="$(now)"
"$meter_bin" --data-dir "$work/data" --bind 127.0.0.1 --wrapper-port 0 --hdlc-port 0 \
  --backfill "$backfill" --log-level warn >"$work/meter.out" 2>"$work/meter.err" &
meter_pid=$!
for _ in $(seq 1 6000); do # up to 600 s for the backfill (a busy 2-core machine is slow)
  grep -q '^sm307-meter: ready' "$work/meter.out" 2>/dev/null && break
  kill -0 "$meter_pid" 2>/dev/null || { cat "$work/meter.err" >&2; die "sm307-meter exited before ready"; }
  sleep 0.1
done
grep -q '^sm307-meter: ready' "$work/meter.out" || die "sm307-meter not ready after 600 s"
stage "meter start + backfill $backfill" "$(elapsed "$t0" "$(now)")"
wrapper_port="$(sed -n 's/^sm307-meter: listening wrapper .*:\([0-9]*\)$/\1/p' "$work/meter.out" | head -n 1)"
hdlc_port="$(sed -n 's/^sm307-meter: listening hdlc .*:\([0-9]*\)$/\1/p' "$work/meter.out" | head -n 1)"
[[ -n "$wrapper_port" && -n "$hdlc_port" ]] || die "no listening lines in meter stdout"
echo "profile_read: meter pid $meter_pid, wrapper port $wrapper_port, hdlc port $hdlc_port"
meter_hwm_start="$(kib_status "$meter_pid" VmHWM)"
echo "profile_read: meter after backfill: VmRSS $(mib "$(kib_status "$meter_pid" VmRSS)"), VmHWM $(mib "$meter_hwm_start")"

# --- 2. the whole load profile over each transport ----------------------------------------
# stat_value FILE KEY: KEY=N from the `dlms: stats key=N ...` line of --stats ("" if absent).
stat_value() {
  sed -n 's/^dlms: stats //p' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2; exit }'
}

declare -A best median rss rows wire_bytes gets frames ok_read dlms_cpu meter_cpu
hz="$(getconf CLK_TCK 2>/dev/null || echo 100)"
for transport in wrapper hdlc; do
  port="$wrapper_port"
  [[ "$transport" == hdlc ]] && port="$hdlc_port"
  times=()
  t_stage="$(now)"
  max_rss=0
  runs=0
  ok_read[$transport]=1
  dlms_cpu_sum=0
  meter_ticks_start="$(cpu_ticks "$meter_pid")"
  for i in $(seq 1 "$repeat"); do
    out="$work/profile.$transport.$i.csv"
    stats="$work/stats.$transport.$i.txt"
    tv="$work/time.$transport.$i.txt"
    timer=()
    [[ -n "$time_bin" ]] && timer=("$time_bin" -v -o "$tv")
    t1="$(now)"
    rc=0
    "${timer[@]}" "$dlms_bin" --host 127.0.0.1 --port "$port" --transport "$transport" \
      "${dlms_auth[@]}" profile "$profile_obis" --stats --format csv >"$out" 2>"$stats" || rc=$?
    t2="$(now)"
    runs=$i
    if [[ -n "$time_bin" && -s "$tv" ]]; then
      r="$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$tv")"
      ((r > max_rss)) && max_rss="$r"
      # CPU seconds of dlms (user + system): on a busy machine the wall time is mostly waiting.
      dlms_cpu_sum="$(awk -v s="$dlms_cpu_sum" '/User time|System time/ { s += $NF } END { printf "%.3f", s }' "$tv")"
    fi
    if ((rc != 0)); then
      # A failed read is reported (and misses every target of this transport); the remaining
      # stages still run.
      echo "profile_read: dlms profile over $transport failed (exit $rc):" >&2
      sed 's/^/    /' "$stats" >&2
      ok_read[$transport]=0
      break
    fi
    times+=("$(elapsed "$t1" "$t2")")
  done
  meter_ticks_end="$(cpu_ticks "$meter_pid")"
  meter_cpu[$transport]="$(awk -v a="$meter_ticks_start" -v b="$meter_ticks_end" -v hz="$hz" -v n="$runs" \
    'BEGIN { printf "%.3f", (b - a) / hz / (n > 0 ? n : 1) }')"
  dlms_cpu[$transport]="$(awk -v s="$dlms_cpu_sum" -v n="$runs" 'BEGIN { printf "%.3f", s / (n > 0 ? n : 1) }')"
  [[ ${#times[@]} -gt 0 ]] || times=("failed")
  stage "profile over $transport (x$repeat)" "$(elapsed "$t_stage" "$(now)")"
  sorted="$(printf '%s\n' "${times[@]}" | sort -n)"
  best[$transport]="$(head -n 1 <<<"$sorted")"
  median[$transport]="$(awk -v n="${#times[@]}" 'NR == int((n + 1) / 2) { print }' <<<"$sorted")"
  rss[$transport]="$max_rss"
  last_out="$work/profile.$transport.$runs.csv"
  last_stats="$work/stats.$transport.$runs.txt"
  rows[$transport]="failed"
  ((ok_read[$transport] == 1)) && rows[$transport]="$(($(wc -l <"$last_out") - 1))"
  # --stats counts APDU octets (requests=N bytes_sent=N bytes_received=N [frames=N]) and, when
  # the client reports them, the octets of the stream (wire_bytes_sent=N wire_bytes_received=N).
  gets[$transport]="$(stat_value "$last_stats" requests)"
  frames[$transport]="$(stat_value "$last_stats" frames)"
  apdu_bytes=$(($(stat_value "$last_stats" bytes_sent) + $(stat_value "$last_stats" bytes_received) + 0))
  wire_sent="$(stat_value "$last_stats" wire_bytes_sent)"
  wire_received="$(stat_value "$last_stats" wire_bytes_received)"
  if [[ -n "$wire_sent" && -n "$wire_received" ]]; then
    wire_bytes[$transport]=$((wire_sent + wire_received))
  elif [[ "$transport" == wrapper ]]; then
    # IEC 62056-47: every APDU travels behind an 8-octet header, one request and one response
    # per exchange.
    wire_bytes[$transport]=$((apdu_bytes + 16 * gets[$transport]))
  else
    wire_bytes[$transport]="apdu:$apdu_bytes"
  fi
  [[ -n "${frames[$transport]}" ]] || frames[$transport]="-"
  echo "profile_read: $transport: rows ${rows[$transport]}, times ${times[*]} s"
  echo "profile_read: $transport: CPU per read: dlms ${dlms_cpu[$transport]} s, meter ${meter_cpu[$transport]} s (load average $(cut -d' ' -f1 /proc/loadavg))"
  echo "profile_read: $transport: dlms --stats said:"
  sed 's/^/    /' "$last_stats"
done
meter_hwm_profile="$(kib_status "$meter_pid" VmHWM)"
meter_rss_profile="$(kib_status "$meter_pid" VmRSS)"
meter_anon_profile="$(kib_status "$meter_pid" RssAnon)"
meter_file_profile="$(kib_status "$meter_pid" RssFile)"

# --- 3. concurrent associations ------------------------------------------------------------
t0="$(now)"
load_rc=0
"$load_bin" --host 127.0.0.1 --port "$wrapper_port" --connections "$connections" \
  --meter-pid "$meter_pid" >"$work/load.out" 2>"$work/load.err" || load_rc=$?
stage "$connections concurrent associations" "$(elapsed "$t0" "$(now)")"
sed 's/^/    /' "$work/load.out"
[[ -s "$work/load.err" ]] && sed 's/^/    /' "$work/load.err"
load_value() { awk -v k="$1" '$1 == k { print $2 }' "$work/load.out"; }
associated="$(load_value associated)"
clock_read="$(load_value clock_read)"
load_meter_rss="$(load_value meter_vmrss_kib)"
meter_hwm_end="$(kib_status "$meter_pid" VmHWM)"

# --- 4. stop the meter ---------------------------------------------------------------------
t0="$(now)"
kill -TERM "$meter_pid"
meter_rc=0
wait "$meter_pid" || meter_rc=$?
meter_pid=""
stage "meter stop (SIGTERM)" "$(elapsed "$t0" "$(now)")"
grep -q '^sm307-meter: stopped' "$work/meter.out" || echo "profile_read: warning: no 'stopped' line (exit $meter_rc)"

# --- report ----------------------------------------------------------------------------------
echo
echo "== load profile $profile_obis, whole (dlms profile --format csv), best/median of $repeat =="
printf '%-8s %7s %10s %10s %12s %10s %10s %12s %10s %10s\n' transport rows best_s median_s wire_bytes requests frames \
  dlms_peak dlms_cpu_s meter_cpu_s
for transport in wrapper hdlc; do
  printf '%-8s %7s %10s %10s %12s %10s %10s %12s %10s %10s\n' "$transport" "${rows[$transport]}" "${best[$transport]}" \
    "${median[$transport]}" "${wire_bytes[$transport]}" "${gets[$transport]}" "${frames[$transport]}" \
    "$(mib "${rss[$transport]}")" "${dlms_cpu[$transport]}" "${meter_cpu[$transport]}"
done
echo "meter: VmHWM after backfill $(mib "$meter_hwm_start"), after profile reads $(mib "$meter_hwm_profile") (VmRSS $(mib "$meter_rss_profile"): anonymous $(mib "$meter_anon_profile"), file $(mib "$meter_file_profile")), after $connections associations $(mib "$meter_hwm_end") (VmRSS while held ${load_meter_rss:-?} kB)"
echo
echo "== targets =="
failed=0
check() { # description ok(0/1)
  local v
  v="$(verdict "$2")"
  [[ "$v" == MISS ]] && failed=1
  printf '%-4s %s\n' "$v" "$1"
}
ok=$(awk -v t="${best[wrapper]}" -v m="$target_wall_s" -v r="${ok_read[wrapper]}" 'BEGIN { print (r == 1 && t < m) ? 1 : 0 }')
check "profile over the wrapper in under $target_wall_s s (best ${best[wrapper]} s, median ${median[wrapper]} s)" "$ok"
for transport in wrapper hdlc; do
  if [[ -n "$time_bin" ]]; then
    ok=$((ok_read[$transport] == 1 && rss[$transport] < target_rss_kib ? 1 : 0))
    check "dlms peak RSS under 5 MB over $transport (${rss[$transport]} KiB)" "$ok"
  else
    echo "n/a  dlms peak RSS (no /usr/bin/time)"
  fi
done
ok=$((meter_hwm_profile < target_rss_kib ? 1 : 0))
check "meter peak RSS under 5 MB through backfill and profile reads ($meter_hwm_profile KiB)" "$ok"
ok=0
[[ "$load_rc" == 0 && "$associated" == "$connections/$connections" && "$clock_read" == "$connections/$connections" ]] && ok=1
check "$connections concurrent associations held, clock read on each (associated ${associated:-?}, clock ${clock_read:-?})" "$ok"
exit "$failed"
