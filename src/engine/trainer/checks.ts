import type * as tfl from '@tensorflow/tfjs-layers';
import { SpecError } from '../../core/spec-error.js';
import type { Dataset } from '../../data/types.js';
import type { OutputKind } from '../losses.js';

export function checkInt(path: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new SpecError(path, `must be an integer >= ${min}`);
  return v;
}

/** The model's per-example input shape, checked against the data's feature size. */
export function modelInputShape(model: tfl.LayersModel, ds: Dataset): number[] {
  const shape = model.inputs[0].shape.slice(1);
  const features = ds.featureShape.reduce((a, b) => a * b, 1);
  const resolved = shape.every((s) => s !== null) ? (shape as number[]) : ds.featureShape;
  const size = resolved.reduce((a, b) => a * b, 1);
  if (size !== features) {
    throw new SpecError('model', `expects inputs of shape [${shape.join(', ')}] (${size} values) but the data has ${features} features per row`);
  }
  return resolved;
}

/** Logits or probabilities, from the last layer's activation; the width must equal the number of classes. */
export function outputKind(model: tfl.LayersModel, numClasses: number): OutputKind {
  const width = model.outputs[0].shape[model.outputs[0].shape.length - 1];
  if (width !== numClasses) throw new SpecError('model', `outputs ${width} values per row but the data has ${numClasses} classes`);
  const last = model.layers[model.layers.length - 1];
  const act = (last.getConfig() as { activation?: unknown }).activation;
  return act === 'softmax' || last.getClassName() === 'Softmax' ? 'probabilities' : 'logits';
}
