/**
 * Plain float64 re-statements of the learning-rate-free methods' pseudo-code (Prodigy, D-Adapted
 * Adam and SGD, as their papers' algorithm boxes and reference implementations state them), one
 * number at a time: the second implementation the tensor versions are checked against. Each takes
 * the starting weights (one array per variable), the gradients of each step and the lr of each
 * step, and returns the weights and d after every step.
 */
export interface ReferenceRow { values: number[]; d: number }

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const flat = (xs: number[][]) => xs.flatMap((x) => x);

export function prodigyReference(theta0: number[][], grads: number[][][], lrs: number[], o = { beta1: 0.9, beta2: 0.999, eps: 1e-8, wd: 0, d0: 1e-6 }): ReferenceRow[] {
  const x = theta0.map((t) => [...t]);
  const x0 = theta0.map((t) => [...t]);
  const m = theta0.map((t) => t.map(() => 0));
  const v = theta0.map((t) => t.map(() => 0));
  const s = theta0.map((t) => t.map(() => 0));
  const beta3 = Math.sqrt(o.beta2);
  let d = o.d0, r = 0;
  const rows: ReferenceRow[] = [];
  grads.forEach((g, k) => {
    const lr = lrs[k];
    const dlr = d * lr;
    let rNew = r * beta3, l1 = 0;
    for (let j = 0; j < x.length; j++) {
      rNew += (d / o.d0) * dlr * dot(g[j], x0[j].map((a, i) => a - x[j][i]));
      for (let i = 0; i < x[j].length; i++) {
        m[j][i] = o.beta1 * m[j][i] + d * (1 - o.beta1) * g[j][i];
        v[j][i] = o.beta2 * v[j][i] + d * d * (1 - o.beta2) * g[j][i] ** 2;
        s[j][i] = beta3 * s[j][i] + (d / o.d0) * dlr * g[j][i];
        l1 += Math.abs(s[j][i]);
      }
    }
    if (l1 > 0) {
      r = rNew;
      d = Math.max(d, r / l1);
      for (let j = 0; j < x.length; j++) {
        for (let i = 0; i < x[j].length; i++) {
          x[j][i] = x[j][i] - o.wd * dlr * x[j][i] - dlr * m[j][i] / (Math.sqrt(v[j][i]) + d * o.eps);
        }
      }
    }
    rows.push({ values: flat(x), d });
  });
  return rows;
}

export function dadaptAdamReference(theta0: number[][], grads: number[][][], lrs: number[], o = { beta1: 0.9, beta2: 0.999, eps: 1e-8, wd: 0, d0: 1e-6 }): ReferenceRow[] {
  const x = theta0.map((t) => [...t]);
  const m = theta0.map((t) => t.map(() => 0));
  const v = theta0.map((t) => t.map(() => 0));
  const s = theta0.map((t) => t.map(() => 0));
  const sb2 = Math.sqrt(o.beta2);
  let d = o.d0, r = 0;
  const rows: ReferenceRow[] = [];
  grads.forEach((gRaw, k) => {
    const dlr = d * lrs[k];
    let acc = 0, l1 = 0;
    for (let j = 0; j < x.length; j++) {
      for (let i = 0; i < x[j].length; i++) {
        const g = gRaw[j][i] + o.wd * x[j][i];
        acc += dlr * g * s[j][i] / (Math.sqrt(v[j][i]) + o.eps);
        m[j][i] = o.beta1 * m[j][i] + dlr * (1 - o.beta1) * g;
        v[j][i] = o.beta2 * v[j][i] + (1 - o.beta2) * g * g;
        s[j][i] = sb2 * s[j][i] + dlr * (1 - sb2) * g;
        l1 += Math.abs(s[j][i]);
      }
    }
    const rNew = sb2 * r + (1 - sb2) * acc;
    if (l1 > 0) {
      r = rNew;
      d = Math.max(d, r / ((1 - sb2) * l1));
      for (let j = 0; j < x.length; j++) {
        for (let i = 0; i < x[j].length; i++) x[j][i] -= m[j][i] / (Math.sqrt(v[j][i]) + o.eps);
      }
    }
    rows.push({ values: flat(x), d });
  });
  return rows;
}

export function dadaptSgdReference(theta0: number[][], grads: number[][][], lrs: number[], o = { momentum: 0, wd: 0, d0: 1e-6 }): ReferenceRow[] {
  const x = theta0.map((t) => [...t]);
  const x0 = theta0.map((t) => [...t]);
  const s = theta0.map((t) => t.map(() => 0));
  let d = o.d0, r = 0, g0 = 0;
  const rows: ReferenceRow[] = [];
  grads.forEach((gRaw, k) => {
    const g = gRaw.map((gj, j) => gj.map((gi, i) => gi + o.wd * x[j][i]));
    if (g0 === 0) g0 = Math.sqrt(g.reduce((a, gj) => a + dot(gj, gj), 0));
    const dlr = g0 > 0 ? (d * lrs[k]) / g0 : 0;
    let sq = 0;
    for (let j = 0; j < x.length; j++) {
      r += dlr * dot(g[j], s[j]);
      for (let i = 0; i < x[j].length; i++) {
        s[j][i] += dlr * g[j][i];
        sq += s[j][i] ** 2;
      }
    }
    if (sq > 0) {
      d = Math.max(d, (2 * r) / Math.sqrt(sq));
      const ck = 1 - o.momentum;
      for (let j = 0; j < x.length; j++) {
        for (let i = 0; i < x[j].length; i++) x[j][i] = (1 - ck) * x[j][i] + ck * (x0[j][i] - s[j][i]);
      }
    }
    rows.push({ values: flat(x), d });
  });
  return rows;
}
