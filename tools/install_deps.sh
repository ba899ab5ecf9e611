#!/usr/bin/env bash
# Installs Keeper's build and test dependencies from Debian 12's packages.
# Skips apt entirely when everything is already installed.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config git ccache
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libjemalloc-dev libabsl-dev libssl-dev openssl
  prometheus-cpp-dev libcpp-httplib-dev chromium libpq-dev
  libgtest-dev libgmock-dev nlohmann-json3-dev golang-github-gogo-googleapis-dev
  clang libclang-rt-14-dev
  systemd
  python3 python3-grpcio python3-protobuf python3-cryptography
  nodejs
)
# npm installs the Node.js client's packages; some nodejs builds bundle it.
command -v npm >/dev/null || packages+=(npm)

# The console's browser test drives Chromium from Node (playwright-core);
# a Node installed otherwise (with its own npm) is used as it is.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
    grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}"
  apt_get=(apt-get)
  [[ $(id -u) -eq 0 ]] || apt_get=(sudo apt-get)
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq \
    --no-install-recommends "${missing[@]}"
fi
