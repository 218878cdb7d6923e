#!/usr/bin/env bash
# Sets up zoo on a fresh Debian machine: the system packages the tests use
# as independent references (the ONNX checker, numpy, PyTorch for bfloat16
# casts and as the benchmarks' peer, Pillow for image decoding, the ONNX
# backend test data) and real data, the npm workspace, and the build that
# `npx zoo` runs.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(python3 python3-onnx python3-numpy python3-torch libonnx-testdata
  python3-pil dataset-fashion-mnist)

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
