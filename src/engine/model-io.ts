import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SpecError } from '../core/spec-error.js';

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/**
 * Load a TensorFlow.js Layers model saved as `model.json` + weight shards (the format of
 * `model.save('file://…')` and of `tensorflowjs_converter`), with node:fs — no tfjs-node needed.
 * Shard paths are relative to the folder of model.json. Errors name the file and what is wrong.
 *
 * @example const model = await loadModelFromDisk('my-model/model.json');
 */
export async function loadModelFromDisk(path: string): Promise<tfl.LayersModel> {
  const file = resolve(path);
  const json = readJson(file);
  if (typeof json !== 'object' || json === null || !('modelTopology' in json)) {
    throw new SpecError(path, 'is not a TensorFlow.js Layers model.json (no modelTopology)');
  }
  const modelJson = json as tf.io.ModelJSON;
  if (!Array.isArray(modelJson.weightsManifest)) throw new SpecError(path, 'has no weightsManifest');
  const handler: tf.io.IOHandler = {
    load: () => tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => readShards(path, dirname(file), manifest)),
  };
  try {
    return await tfl.loadLayersModel(handler);
  } catch (err) {
    if (err instanceof SpecError) throw err;
    throw new SpecError(path, `cannot be loaded as a Layers model (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
}

/** Save a Layers model as `dir/model.json` + `dir/weights.bin` (files written atomically). */
export async function saveModelToDisk(model: tfl.LayersModel, dir: string): Promise<void> {
  const out = resolve(dir);
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    mkdirSync(out, { recursive: true });
    const weights = concat(artifacts.weightData);
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
    };
    atomicWrite(join(out, 'weights.bin'), weights);
    atomicWrite(join(out, 'model.json'), JSON.stringify(modelJson));
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
  }));
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SpecError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SpecError(file, `is not valid JSON (${(err as Error).message})`);
  }
}

function readShards(path: string, dir: string, manifest: tf.io.WeightsManifestConfig): [tf.io.WeightsManifestEntry[], ArrayBuffer] {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      const shard = join(dir, p);
      try {
        parts.push(readFileSync(shard));
      } catch (err) {
        throw new SpecError(shard, `weight shard cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
    }
  }
  const data = concat(parts.map((u) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer));
  // tfjs would otherwise fail later with an opaque offset error on a truncated shard.
  let expected = 0;
  for (const s of specs) {
    const dtype = s.quantization?.dtype ?? s.dtype;
    const size = BYTES[dtype];
    if (size === undefined) throw new SpecError(path, `weight '${s.name}' has unsupported dtype '${dtype}'`);
    expected += size * s.shape.reduce((a, b) => a * b, 1);
  }
  if (data.byteLength !== expected) {
    throw new SpecError(path, `weight shards hold ${data.byteLength} bytes but the manifest describes ${expected}`);
  }
  return [specs, data];
}

function concat(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  if (!Array.isArray(data)) return data;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), off);
    off += b.byteLength;
  }
  return out.buffer;
}

function atomicWrite(file: string, content: string | ArrayBuffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, typeof content === 'string' ? content : new Uint8Array(content));
  renameSync(tmp, file);
}
