#!/usr/bin/env bash
# Installs everything the project needs on Debian 12: idempotent, and silent when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  build-essential cmake ninja-build ccache pkg-config git curl
  libgtest-dev googletest
  librestinio-dev libasio-dev libhttp-parser-dev libfmt-dev libspdlog-dev
  libboost-json1.81-dev prometheus-cpp-dev libcurl4-openssl-dev libssl-dev
  libsqlite3-dev sqlite3 libcrypt-dev python3-venv libmongoc-dev
  nodejs npm nginx-light wrk chromium
)

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node 20 may come from outside Debian (node/npm already on PATH): then Debian's nodejs/npm are not needed.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages: the tooling at the root (maildev, swagger-ui-dist), the web app, the mobile app and the end-to-end
# tests (playwright-core, which drives Debian's chromium: no browser download); reinstalled only when a
# package-lock.json changed. clients/shared (@rman/api) has no dependencies: both apps link it from their node_modules.
for dir in . clients/web clients/mobile e2e; do
  stamp=$dir/node_modules/.setup-stamp
  if [[ ! -f $stamp || $dir/package-lock.json -nt $stamp ]]; then
    echo "setup: installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$stamp"
  fi
done
