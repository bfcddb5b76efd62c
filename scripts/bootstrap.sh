#!/usr/bin/env bash
# Installs the Debian 12 packages this project builds and tests with. Idempotent, and quiet
# when nothing is missing. Run as root (or with sudo available).
set -euo pipefail

packages=(
  git cmake ninja-build ccache g++-12 lld
  clang-14 libclang-rt-14-dev clang-tidy-14 clang-format-14
  libboost-dev libssl-dev libpugixml-dev libsqlite3-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib libnewlib-arm-none-eabi
  socat python3
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "bootstrap: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
