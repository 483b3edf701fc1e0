#!/bin/bash
# Run inside the app that scripts/gpu-host/build.sh packs; writes its files under $OUT.
# lrlab on a GPU host (issue 16's measurements): the webgpu bench, MLP/CNN accuracy on webgpu vs
# wasm, a sweep at --jobs 1/2/4 on webgpu, and the quick report with --backend auto, timed.
L="node node_modules/lrlab/dist/cli/main.js"
t() { local s=$(date +%s%N); "$@"; local rc=$?; echo "TIME $(( ($(date +%s%N) - s) / 1000000 )) ms rc $rc :: $*"; }
nvidia-smi -L; node --version
t timeout 60 $L train --data synthetic --backend webgpu --lr 0.1 --epochs 1 --quiet --json $OUT/smoke.json 2>&1 | tail -3
t timeout 180 node bench.mjs $OUT/bench-webgpu.json
for m in mlp cnn; do for be in webgpu wasm; do
  t timeout 150 $L train --data mnist --model $m --optimizer momentum --lr 0.05 --batch-size 256 --epochs 2 --train-size 20000 --val-size 10000 --backend $be --json $OUT/train-$m-$be.json --quiet
done; done
for j in 1 2 4; do
  t timeout 150 $L sweep --data mnist --train-size 10000 --val-size 2000 --model mlp --optimizer momentum --lr 0.01,0.03,0.1,0.3 --batch-size 512,2048 --epochs 3 --backend webgpu --jobs $j --out /tmp/sw$j --quiet
  cp /tmp/sw$j/summary.json $OUT/sweep-j$j.json 2>/dev/null
done
t timeout 240 $L report --preset quick --backend auto --out /tmp/rep --quiet
cp /tmp/rep/results.json $OUT/report-quick.json 2>/dev/null
