import { SpecError } from '../core/spec-error.js';

/** The typed array an IDX file decodes to, by its type byte. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A decoded IDX file: its dimensions (outermost first) and its values in row-major order. */
export interface IdxFile {
  dims: number[];
  data: IdxData;
}

interface IdxType {
  name: string;
  bytes: number;
  make: (n: number) => IdxData;
  read: (view: DataView, offset: number) => number;
}

/** Type byte → element type. Multi-byte values are big-endian in IDX. */
const TYPES: Record<number, IdxType> = {
  0x08: { name: 'unsigned byte', bytes: 1, make: (n) => new Uint8Array(n), read: (v, o) => v.getUint8(o) },
  0x09: { name: 'signed byte', bytes: 1, make: (n) => new Int8Array(n), read: (v, o) => v.getInt8(o) },
  0x0b: { name: 'short', bytes: 2, make: (n) => new Int16Array(n), read: (v, o) => v.getInt16(o, false) },
  0x0c: { name: 'int', bytes: 4, make: (n) => new Int32Array(n), read: (v, o) => v.getInt32(o, false) },
  0x0d: { name: 'float', bytes: 4, make: (n) => new Float32Array(n), read: (v, o) => v.getFloat32(o, false) },
  0x0e: { name: 'double', bytes: 8, make: (n) => new Float64Array(n), read: (v, o) => v.getFloat64(o, false) },
};

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

/**
 * Decode an IDX file (the format of MNIST, Fashion-MNIST and EMNIST).
 *
 * Layout: magic `00 00 TT NN` (TT the element type, NN the number of dimensions), then NN
 * big-endian uint32 sizes, then prod(sizes) big-endian elements:
 * `bytes.length = 4 + 4·NN + prod(sizes)·sizeof(TT)` exactly.
 *
 * Everything is checked; a bad file throws a SpecError whose path is `fileName`, e.g.
 * `train-images-idx3-ubyte: truncated: expected 47040016 bytes, got 47040000`.
 * Unsigned-byte data is returned as a view on `bytes` (no copy); other types are decoded.
 * Gzip'd input is recognised and rejected with a hint (decompress with `loadIdxFile`).
 *
 * @example readIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]), 'x') // {dims: [2], data: Uint8Array[7, 9]}
 * @see http://yann.lecun.com/exdb/mnist/ (section "File formats")
 */
export function readIdx(bytes: Uint8Array, fileName: string): IdxFile {
  const fail = (rule: string): never => {
    throw new SpecError(fileName, rule);
  };
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) fail('is gzip-compressed; decompress it first');
  if (bytes.length < 4) fail(`not an IDX file: ${bytes.length} bytes is shorter than the 4-byte header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(`not an IDX file: magic number must start with 0x00 0x00, found ${hex(bytes[0])} ${hex(bytes[1])}`);
  }
  const type = TYPES[bytes[2]];
  if (type === undefined) fail(`unknown IDX element type ${hex(bytes[2])} (expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e)`);
  const ndim = bytes[3];
  if (ndim === 0) fail('IDX header declares 0 dimensions');
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) fail(`truncated header: ${ndim} dimensions need ${headerBytes} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndim; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  const expected = headerBytes + count * type.bytes;
  if (!Number.isSafeInteger(expected)) fail(`dimensions [${dims.join(', ')}] are too large`);
  if (bytes.length < expected) {
    fail(`truncated: dimensions [${dims.join(', ')}] of ${type.name} need ${expected} bytes, got ${bytes.length}`);
  }
  if (bytes.length > expected) {
    fail(`${bytes.length - expected} unexpected bytes after the data: dimensions [${dims.join(', ')}] of ${type.name} need ${expected} bytes, got ${bytes.length}`);
  }
  if (type.bytes === 1 && bytes[2] === 0x08) return { dims, data: bytes.subarray(headerBytes, expected) };
  const data = type.make(count);
  for (let i = 0, o = headerBytes; i < count; i++, o += type.bytes) data[i] = type.read(view, o);
  return { dims, data };
}

/**
 * Encode an IDX file (the inverse of `readIdx`); used by tests and for writing user data.
 * The type byte follows the array type.
 */
export function writeIdx(dims: readonly number[], data: IdxData): Uint8Array {
  const entry = Object.entries(TYPES).find(([, t]) => t.make(0).constructor === data.constructor);
  if (entry === undefined) throw new SpecError('data', 'must be a typed array of an IDX element type');
  const [code, type] = [Number(entry[0]), entry[1]];
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new SpecError('dims', `product ${count} must equal data.length ${data.length}`);
  const out = new Uint8Array(4 + 4 * dims.length + count * type.bytes);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  let o = 4 + 4 * dims.length;
  for (let i = 0; i < count; i++, o += type.bytes) {
    const v = data[i];
    if (code === 0x08) view.setUint8(o, v);
    else if (code === 0x09) view.setInt8(o, v);
    else if (code === 0x0b) view.setInt16(o, v, false);
    else if (code === 0x0c) view.setInt32(o, v, false);
    else if (code === 0x0d) view.setFloat32(o, v, false);
    else view.setFloat64(o, v, false);
  }
  return out;
}
