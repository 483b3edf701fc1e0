import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../src/engine/backend.js';
import { loadData } from '../src/data/index.js';
import { createModel } from '../src/engine/models.js';
import { Trainer } from '../src/engine/trainer.js';
await initBackend('wasm');
const variant = process.argv[2] ?? 'base';
const seed = Number(process.argv[3] ?? 0);
const data = await loadData({ data: 'mnist', seed });
const m = variant.includes('same') ? (() => {
  const q = tfl.sequential();
  q.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: seed * 7 + 1 }) }));
  q.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  q.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: seed * 7 + 2 }) }));
  q.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  q.add(tfl.layers.flatten());
  q.add(tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed * 7 + 3 }) }));
  return q;
})() : createModel({ kind: 'cnn', inputShape: [28, 28, 1], numClasses: 10, seed });
if (variant.includes('torch')) {
  // PyTorch defaults: kaiming_uniform(a=√5) → U(±1/√fanIn) for weights and biases
  let s = 1000 + seed;
  for (const layer of m.layers) {
    const ws = layer.getWeights();
    if (ws.length === 0) continue;
    const k = ws[0];
    const fanIn = k.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const b = 1 / Math.sqrt(fanIn);
    layer.setWeights([tf.randomUniform(k.shape, -b, b, 'float32', s++), tf.randomUniform(ws[1].shape, -b, b, 'float32', s++)]);
  }
}
const t = new Trainer({ model: m, optimizer: { name: 'sgd', lr: 0.1 }, data, batchSize: 128, seed, normalize: variant.includes('raw') ? 'none' : 'scalar' });
const r = await t.run({ epochs: 3 });
console.log(variant, seed, r.epochs.map((e: any) => `${(e.trainAccuracy*100).toFixed(2)}/${(e.valAccuracy*100).toFixed(2)}`).join(' '));
