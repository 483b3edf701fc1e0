#!/bin/bash
# Fixed command list for before/after comparisons of a refactor (see README.md here).
OUT=$1; CLI="node dist/cli/main.js"
mkdir -p $OUT
set -x
$CLI train --data mnist --train-size 6000 --val-size 2000 --model mlp --optimizer momentum --schedule '{"type":"onecycle","maxLr":0.1,"totalSteps":141}' --batch-size 128 --epochs 3 --json $OUT/train-mlp.json --quiet
$CLI train --data mnist --train-size 3000 --val-size 1000 --model cnn --optimizer sgd --schedule '{"type":"multistep","lr":0.05,"milestones":[1],"gamma":0.1,"unit":"epoch","stepsPerEpoch":47}' --batch-size 64 --epochs 2 --json $OUT/train-cnn.json --quiet
$CLI train --data mnist --train-size 4000 --val-size 1000 --model mlp --optimizer adam --schedule '{"type":"step","lr":0.002,"stepSize":1}' --schedule-unit epoch --batch-size 64 --epochs 2 --json $OUT/train-adam-epochunit.json --quiet
$CLI train --data fashion-mnist --train-size 4000 --val-size 1000 --model mlp --optimizer sgd --lr 0.05 --batch-size 32 --epochs 2 --json $OUT/train-fashion.json --quiet
$CLI find --data mnist --train-size 10000 --val-size 1000 --model mlp --optimizer momentum --batch-size 128 --json $OUT/find.json --quiet
$CLI find --data mnist --train-size 6000 --val-size 1000 --model mlp --optimizer momentum --batch-size 128 --accuracy --accuracy-epochs 2 --json $OUT/find-acc.json --quiet
$CLI find --data mnist --train-size 4000 --val-size 1000 --grid 0.01,0.1 --grid-epochs 1 --jobs 2 --json $OUT/find-grid.json --quiet
$CLI batch --plan --from-batch 128 --from-lr 0.1 --to-batch 4096 --dataset-size 60000 --json $OUT/batch-plan.json --quiet
$CLI batch --convert-schedule '{"type":"multistep","lr":0.1,"milestones":[60,120,160],"gamma":0.2}' --batch-size 128 --dataset-size 50000 --json $OUT/batch-convert.json --quiet
$CLI batch --data mnist --train-size 6000 --val-size 1000 --model mlp --lr 0.1 --batch-size 128 --epochs 1 --json $OUT/batch-measure.json --quiet
rm -rf $OUT/sweep; $CLI sweep --data mnist --train-size 4000 --val-size 1000 --model mlp --lr 0.03,0.1 --batch-size 32,128 --epochs 2 --out $OUT/sweep --jobs 2 --quiet
$CLI schedule --spec '{"type":"sequence","parts":[{"schedule":{"type":"linear","lr":0.1,"startFactor":0.01,"endFactor":1,"totalIters":50},"steps":50},{"schedule":{"type":"cosine","lr":0.1,"tMax":150}}]}' --steps 200 > $OUT/schedule.json
rm -rf $OUT/report; $CLI report --preset quick --out $OUT/report --quiet
