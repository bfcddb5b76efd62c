#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs. Until the sm307-meter simulator
# lands (issue "sm307-meter"), it decodes a sample APDU with dlms-translate.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
cmake --preset default >/dev/null
if cmake --build --preset default --target help | grep -q '^sm307-meter:'; then
  cmake --build --preset default --target sm307-meter
  exec build/default/apps/sm307-meter/sm307-meter "$@"
fi
cmake --build --preset default --target dlms-translate
# A Get-Request-Normal for the Clock's time (class 8, 0.0.1.0.0.255, attribute 2).
exec build/default/apps/dlms-translate/dlms-translate pdu2xml "C0 01 C1 00 08 00 00 01 00 00 FF 02 00"
