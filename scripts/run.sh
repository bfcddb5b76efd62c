#!/usr/bin/env bash
# The main job: installs what is missing, builds sm307-meter and runs it with its defaults
# (wrapper on TCP 4059, HDLC over TCP on 4061, state in ./sm307-data, built-in TEST
# credentials, printed at start). Extra arguments go to sm307-meter, e.g.
#   scripts/run.sh --speed 3600 --backfill 100d --optical-pty
# Idempotent: every step is skipped or quick when already done; Ctrl-C stops the meter cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
cmake --preset default >/dev/null
cmake --build --preset default --target sm307-meter
exec build/default/apps/sm307-meter/sm307-meter "$@"
