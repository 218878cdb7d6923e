#!/usr/bin/env bash
# Sets up zoo on a fresh Debian machine: the system packages the tests and
# the CLI use, the npm workspace, and the build that `npx zoo` runs.
# Pass --bench to also install PyTorch, the peer the benchmarks compare to.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(python3 python3-onnx python3-numpy libonnx-testdata dataset-fashion-mnist)
if [[ "${1:-}" == "--bench" ]]; then packages+=(python3-torch); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
    missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

# onnxruntime-node would otherwise try to download CUDA libraries.
export ONNXRUNTIME_NODE_INSTALL_CUDA=skip
npm ci --no-audit --no-fund
npm run build
echo "setup: done; try 'npx zoo --help'"
