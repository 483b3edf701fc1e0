/**
 * A Trainer's whole training state (its `snapshot()`: weights, optimizer state, batch order, RNG,
 * step and epoch counters, LR and divergence state) as bytes and back, so training can continue in
 * another thread or on another machine exactly as it would have gone on here (ASHA promotions,
 * see docs/ARCHITECTURE.md, `sweep/`).
 *
 * Layout: the 4 bytes `LRLS`, a u32 format version, a u32 header length, the header (UTF-8 JSON:
 * the snapshot with each tensor replaced by its index, the model's variable names, the tensors'
 * shapes and dtypes), zero padding to a multiple of 8, then each tensor's values in order, at
 * 8-byte aligned offsets (little-endian, as typed arrays are on every platform tfjs runs on).
 * Numbers JSON cannot hold (±Infinity, NaN, −0) are written as `{"$num": "…"}`, so every number
 * comes back bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { DebiasedEma } from '../../core/finder/index.js';
import type { Trainer } from './trainer.js';
import type { TrainerSnapshot } from './types.js';

const MAGIC = 0x534c524c; // 'LRLS' read as a little-endian u32
const VERSION = 1;

interface TensorEntry { shape: number[]; dtype: 'float32' | 'int32' | 'bool'; offset: number; length: number }
interface Header { varNames: string[]; tensors: TensorEntry[]; snapshot: unknown }

/** The names of the model's variables, in the order the Trainer snapshots them. */
function variableNames(model: tfl.LayersModel): string[] {
  return model.weights.map((w) => (w.read() as tf.Variable).name);
}

/**
 * Serialise `trainer`'s current state (built on `model`) to bytes; the trainer is unchanged.
 *
 * Example: `const bytes = await trainerStateToBytes(t.trainer, t.model);` then, in a fresh trainer
 * built from the same trial config, `await restoreTrainerFromBytes(t2.trainer, t2.model, bytes)`.
 */
export async function trainerStateToBytes(trainer: Trainer, model: tfl.LayersModel): Promise<Uint8Array> {
  const snap = await trainer.snapshot();
  try {
    const tensors: tf.Tensor[] = [];
    const snapshot = encode(snap, tensors);
    const entries: TensorEntry[] = [];
    let offset = 0;
    for (const t of tensors) {
      if (t.dtype !== 'float32' && t.dtype !== 'int32' && t.dtype !== 'bool') throw new Error(`trainerStateToBytes: cannot store a ${t.dtype} tensor`);
      entries.push({ shape: [...t.shape], dtype: t.dtype, offset, length: t.size });
      offset += align8(t.size * (t.dtype === 'bool' ? 1 : 4));
    }
    const header = new TextEncoder().encode(JSON.stringify({ varNames: variableNames(model), tensors: entries, snapshot } satisfies Header));
    const start = align8(12 + header.length);
    const out = new Uint8Array(start + offset);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, VERSION, true);
    view.setUint32(8, header.length, true);
    out.set(header, 12);
    for (const [i, t] of tensors.entries()) {
      const values = await t.data();
      const bytes = t.dtype === 'bool' ? Uint8Array.from(values as Uint8Array) : new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
      out.set(bytes, start + entries[i].offset);
    }
    return out;
  } finally {
    trainer.disposeSnapshot(snap);
  }
}

/**
 * Restore `trainer` (built on `model` from the same trial config: same architecture, data and
 * seed) to the state in `bytes`. The model's variables may have other names than the ones saved
 * (tfjs numbers layers per thread): the optimizer's per-variable state is matched by position.
 * Throws on bytes that are not a state of this format, or of another architecture. Returns the
 * restored epoch and step counters.
 */
export async function restoreTrainerFromBytes(trainer: Trainer, model: tfl.LayersModel, bytes: Uint8Array): Promise<{ epochsDone: number; globalStep: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || view.getUint32(0, true) !== MAGIC) throw new Error('restoreTrainerFromBytes: not an lrlab trainer state');
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw new Error(`restoreTrainerFromBytes: state format ${version}, this lrlab reads ${VERSION}`);
  const headerLength = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Header & { snapshot: Json };
  const names = variableNames(model);
  if (names.length !== header.varNames.length) {
    throw new Error(`restoreTrainerFromBytes: the model has ${names.length} variables, the state ${header.varNames.length}`);
  }
  const rename = new Map(header.varNames.map((old, i) => [old, names[i]]));
  const start = align8(12 + headerLength);
  const tensors = header.tensors.map((e) => {
    const at = bytes.byteOffset + start + e.offset;
    // Copies (slice): the tensor must not alias a buffer the caller may reuse.
    const values = e.dtype === 'bool' ? bytes.slice(start + e.offset, start + e.offset + e.length)
      : e.dtype === 'int32' ? new Int32Array(bytes.buffer.slice(at, at + 4 * e.length))
        : new Float32Array(bytes.buffer.slice(at, at + 4 * e.length));
    return tf.keep(tf.tensor(values, e.shape, e.dtype));
  });
  const snap = decode(header.snapshot, tensors) as TrainerSnapshot;
  renameVariables(snap, rename);
  try {
    await trainer.restore(snap);
    return { epochsDone: snap.epochsDone, globalStep: snap.globalStep };
  } finally {
    trainer.disposeSnapshot(snap);
  }
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** The optimizer's state is keyed by variable name (lrlab: slot map keys; tfjs: `originalName`). */
function renameVariables(snap: TrainerSnapshot, rename: Map<string, string>): void {
  const o = snap.training.optimizer;
  if (o.kind === 'lrlab') {
    const renamed = new Map([...o.state.slots].map(([k, v]) => [rename.get(k) ?? k, v]));
    o.state.slots.clear();
    for (const [k, v] of renamed) o.state.slots.set(k, v);
  } else {
    for (const arr of Object.values(o.state.slotArrays)) {
      for (const e of arr) if (e !== null) e.originalName = rename.get(e.originalName) ?? e.originalName;
    }
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function encode(v: unknown, tensors: tf.Tensor[]): Json {
  if (v instanceof tf.Tensor) {
    tensors.push(v);
    return { $tensor: tensors.length - 1 };
  }
  if (typeof v === 'number') {
    return Number.isFinite(v) && !Object.is(v, -0) ? v : { $num: Object.is(v, -0) ? '-0' : String(v) };
  }
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (v === undefined) return { $undefined: true };
  if (Array.isArray(v)) return v.map((x) => encode(x, tensors));
  if (v instanceof Map) return { $map: [...v].map(([k, x]) => [encode(k, tensors), encode(x, tensors)]) };
  if (v instanceof DebiasedEma) {
    // Its fields are private to core/finder; read as the plain object they are at run time.
    const f = v as unknown as { beta: number; avg: number; count: number };
    return { $ema: [encode(f.beta, tensors), encode(f.avg, tensors), encode(f.count, tensors)] };
  }
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = encode(x, tensors);
    return out;
  }
  throw new Error(`trainerStateToBytes: cannot store a ${Object.prototype.toString.call(v)} in a trainer state`);
}

function decode(v: Json, tensors: tf.Tensor[]): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => decode(x, tensors));
  if ('$tensor' in v) return tensors[v.$tensor as number];
  if ('$num' in v) return v.$num === '-0' ? -0 : Number(v.$num);
  if ('$undefined' in v) return undefined;
  if ('$map' in v) return new Map((v.$map as [Json, Json][]).map(([k, x]) => [decode(k, tensors), decode(x, tensors)]));
  if ('$ema' in v) {
    const [beta, avg, count] = (v.$ema as Json[]).map((x) => decode(x, tensors) as number);
    return Object.assign(new DebiasedEma(beta), { avg, count });
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = decode(x, tensors);
  return out;
}
