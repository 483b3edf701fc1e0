import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { compileForward, createModel } from './models.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function weightsOf(model: ReturnType<typeof createModel>): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

function std(a: Float32Array): number {
  let m = 0;
  for (const v of a) m += v;
  m /= a.length;
  let s = 0;
  for (const v of a) s += (v - m) ** 2;
  return Math.sqrt(s / a.length);
}

describe('createModel', () => {
  it('has the documented layer sizes (parameter counts worked out by hand)', () => {
    // mlp 784-256-10: 784·256 + 256 + 256·10 + 10 = 203,530
    expect(createModel({ kind: 'mlp', inputShape: [28, 28, 1], numClasses: 10, seed: 0 }).countParams()).toBe(203_530);
    // mlp [512,256]: 784·512+512 + 512·256+256 + 256·10+10 = 401,920 + 131,328 + 2,570 = 535,818
    expect(createModel({ kind: 'mlp', inputShape: [784], numClasses: 10, hidden: [512, 256], seed: 0 }).countParams()).toBe(535_818);
    // linear: 784·10 + 10 = 7,850
    expect(createModel({ kind: 'linear', inputShape: [28, 28, 1], numClasses: 10, seed: 0 }).countParams()).toBe(7_850);
    // cnn: conv 3·3·1·16+16 = 160; conv 3·3·16·32+32 = 4,640; 28→26→13→11→5: dense 5·5·32·10+10 = 8,010
    expect(createModel({ kind: 'cnn', inputShape: [28, 28, 1], numClasses: 10, seed: 0 }).countParams()).toBe(12_810);
  });

  it('outputs logits of width numClasses (not probabilities: rows need not sum to 1)', () => {
    const m = createModel({ kind: 'cnn', inputShape: [28, 28, 1], numClasses: 10, seed: 1 });
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 7);
    const y = m.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([3, 10]);
    const sums = tf.sum(y, 1).dataSync();
    expect(Array.from(sums).some((s) => Math.abs(s - 1) > 1e-3)).toBe(true);
    tf.dispose([x, y]);
  });

  it('same seed gives bitwise identical weights; another seed different ones', () => {
    for (const kind of ['linear', 'mlp', 'cnn'] as const) {
      const a = weightsOf(createModel({ kind, inputShape: [12, 12, 1], numClasses: 3, hidden: [8], seed: 5 }));
      const b = weightsOf(createModel({ kind, inputShape: [12, 12, 1], numClasses: 3, hidden: [8], seed: 5 }));
      const c = weightsOf(createModel({ kind, inputShape: [12, 12, 1], numClasses: 3, hidden: [8], seed: 6 }));
      expect(a).toEqual(b);
      expect(a[0]).not.toEqual(c[0]);
    }
  });

  it('initialises ReLU layers He-normal and the logits layer Glorot-uniform, biases zero', () => {
    const [w1, b1, w2, b2] = weightsOf(createModel({ kind: 'mlp', inputShape: [784], numClasses: 10, seed: 3 }));
    // He: truncated N(0, 2/fanIn) cut at 2σ; a standard normal truncated to [−2, 2] has
    // std √(1 − 2·2·φ(2)/(Φ(2) − Φ(−2))) = √(1 − 4·0.053991/0.954500) = 0.87963
    expect(std(w1) / (0.87963 * Math.sqrt(2 / 784))).toBeCloseTo(1, 1);
    expect(maxAbs(w1)).toBeLessThanOrEqual(2 * Math.sqrt(2 / 784) + 1e-6);
    // Glorot uniform: U(−l, l), l = √(6/(256+10)); std l/√3
    const l = Math.sqrt(6 / 266);
    expect(maxAbs(w2)).toBeLessThanOrEqual(l);
    expect(std(w2) / (l / Math.sqrt(3))).toBeCloseTo(1, 1);
    expect([...b1, ...b2].every((v) => v === 0)).toBe(true);
  });

  it('initialises the cnn as PyTorch does: weights and biases U(±1/√fanIn)', () => {
    const ws = weightsOf(createModel({ kind: 'cnn', inputShape: [28, 28, 1], numClasses: 10, seed: 3 }));
    // fanIn: conv1 3·3·1 = 9, conv2 3·3·16 = 144, dense 5·5·32 = 800 (28 → 26 → 13 → 11 → 5).
    const fanIns = [9, 9, 144, 144, 800, 800];
    expect(ws.map((w) => w.length)).toEqual([9 * 16, 16, 144 * 32, 32, 800 * 10, 10]);
    ws.forEach((w, i) => {
      const b = 1 / Math.sqrt(fanIns[i]);
      expect(maxAbs(w)).toBeLessThanOrEqual(b + 1e-7);
      // U(−b, b) has std b/√3; the biases (16 or 32 values) are too few for a tight check.
      if (w.length >= 144) expect(std(w) / (b / Math.sqrt(3))).toBeCloseTo(1, 1);
      expect(w.some((v) => v !== 0)).toBe(true);
    });
  });

  it('rejects bad options naming the field', () => {
    expect(() => createModel({ kind: 'rnn' as 'mlp', inputShape: [4], numClasses: 2, seed: 0 })).toThrow(/^kind: must be one of linear\|mlp\|cnn/);
    expect(() => createModel({ kind: 'mlp', inputShape: [4], numClasses: 1, seed: 0 })).toThrow(/^numClasses:/);
    expect(() => createModel({ kind: 'mlp', inputShape: [0], numClasses: 2, seed: 0 })).toThrow(/^inputShape:/);
    expect(() => createModel({ kind: 'mlp', inputShape: [4], numClasses: 2, hidden: [3, 0], seed: 0 })).toThrow(/^hidden:/);
    expect(() => createModel({ kind: 'cnn', inputShape: [784], numClasses: 10, seed: 0 })).toThrow(/^inputShape: the cnn needs images/);
  });
});

describe('compileForward', () => {
  const cases = [
    { kind: 'linear' as const, shape: [28, 28, 1] },
    { kind: 'mlp' as const, shape: [28, 28, 1] },
    { kind: 'mlp' as const, shape: [6] },
    { kind: 'cnn' as const, shape: [12, 12, 1] },
  ];
  for (const { kind, shape } of cases) {
    it(`gives the outputs and gradients of model.apply up to float32 rounding (${kind}, [${shape}])`, () => {
      const m = createModel({ kind, inputShape: shape, numClasses: 10, hidden: [16, 8], seed: 4 });
      const f = compileForward(m);
      expect(f).not.toBeNull();
      const x = tf.randomNormal([2, ...shape], 0, 1, 'float32', 9);
      const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
      const run = (fwd: (t: tf.Tensor) => tf.Tensor) => tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(fwd(x))) as tf.Scalar, vars);
        return [value, ...vars.map((v) => grads[v.name])].map((t) => Array.from(t.dataSync()));
      });
      const viaLayers = run((t) => m.apply(t, { training: true }) as tf.Tensor);
      const compiled = run(f as (t: tf.Tensor) => tf.Tensor);
      compiled.forEach((arr, i) => arr.forEach((v, j) => {
        const ref = viaLayers[i][j];
        expect(Math.abs(v - ref)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(ref)));
      }));
      x.dispose();
      m.dispose();
    });
  }

  it('declines models it cannot reproduce exactly (dropout, other activations, functional graphs)', () => {
    const drop = tfl.sequential({ layers: [tfl.layers.dense({ units: 4, inputShape: [3] }), tfl.layers.dropout({ rate: 0.5 })] });
    const tanh = tfl.sequential({ layers: [tfl.layers.dense({ units: 4, inputShape: [3], activation: 'tanh' })] });
    const input = tfl.input({ shape: [3] });
    const functional = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 2 }).apply(input) as tfl.SymbolicTensor });
    expect(compileForward(drop)).toBeNull();
    expect(compileForward(tanh)).toBeNull();
    expect(compileForward(functional)).toBeNull();
    for (const m of [drop, tanh, functional]) m.dispose();
  });
});
