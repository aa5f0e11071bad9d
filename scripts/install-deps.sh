#!/usr/bin/env bash
# Installs the Debian packages harmcast needs to build, test and benchmark. Safe to run twice.
# Usage: scripts/install-deps.sh [--with-browser]   (--with-browser adds Chromium for the
# report rendering test; .ci/run passes it)
set -euo pipefail

packages=(
  cmake g++ make pkg-config git
  libeigen3-dev libboost-dev libboost-math-dev libceres-dev libhdf5-dev
  libyaml-cpp-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev hdf5-tools
)
if [[ "${1:-}" == "--with-browser" ]]; then
  packages+=(chromium fonts-dejavu-core)
fi

run_as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
run_as_root apt-get update -qq
run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
