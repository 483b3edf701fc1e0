import * as tf from '@tensorflow/tfjs-core';

/** The GPU adapter the webgpu backend runs on, as WebGPU's `GPUAdapterInfo` names it. */
export interface GpuAdapter {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

/** A backend that cannot start here: one line saying what is missing (no adapter, a package to install). */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
}

/** The parts of WebGPU's `GPU` and `GPUAdapter` this file uses (no dependency on @webgpu/types). */
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<{ info?: Partial<GpuAdapter> } | null>;
}
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

/**
 * The optional packages are named through variables: a bundler then leaves these imports alone
 * (a browser app imports @tensorflow/tfjs-backend-webgpu itself, see `startWebgpu`), and a
 * missing package is a run-time message, not a build error.
 */
const DAWN_PACKAGE = 'webgpu';
const TFJS_WEBGPU_PACKAGE = '@tensorflow/tfjs-backend-webgpu';

let nodeGpu: GpuLike | null = null;
/** The adapter `startWebgpu` started tfjs on. */
let started: GpuAdapter | null = null;

/**
 * The GPU adapter of the active backend, for result files: the adapter `startWebgpu` found while
 * webgpu is active, else null (wasm, cpu, or a webgpu backend some other code started).
 */
export function activeAdapter(): GpuAdapter | null {
  return tf.getBackend() === 'webgpu' ? started : null;
}

/**
 * Start TensorFlow.js's webgpu backend and return its adapter. In a browser it uses
 * `navigator.gpu`; in Node it loads the optional `webgpu` package (Dawn's Node binding, prebuilt
 * in the package) and gives it to tfjs as `navigator.gpu`, with WebGPU's constants
 * (`GPUBufferUsage`…) as globals, which tfjs-backend-webgpu reads. The adapter is asked for
 * before tfjs is, because tfjs' own start-up fails with a TypeError when there is none. Throws
 * {@link BackendUnavailableError} (one line) when there is no WebGPU, no adapter, or a package to
 * install.
 */
export async function startWebgpu(): Promise<GpuAdapter> {
  const { gpu, adapter } = await adapterOf();
  if (isNode()) exposeToTfjs(gpu);
  if (tf.findBackendFactory('webgpu') === null) {
    await import(TFJS_WEBGPU_PACKAGE).catch((e: unknown) => {
      throw isMissing(e) ? new BackendUnavailableError(`webgpu needs @tensorflow/tfjs-backend-webgpu (npm install @tensorflow/tfjs-backend-webgpu@4.22.0)`) : e;
    });
  }
  if (tf.findBackendFactory('webgpu') === null) {
    // tfjs-backend-webgpu registers itself on import only where navigator.gpu exists.
    throw new BackendUnavailableError('webgpu: @tensorflow/tfjs-backend-webgpu was loaded before navigator.gpu existed, so it registered no backend; let initBackend load it');
  }
  let ok = false;
  let why = 'setBackend returned false';
  try {
    ok = await tf.setBackend('webgpu');
  } catch (e) {
    why = e instanceof Error ? e.message.split('\n', 1)[0] : String(e);
  }
  if (!ok) throw new BackendUnavailableError(`webgpu failed to start on ${adapter.vendor} ${adapter.architecture} (${why})`);
  await tf.ready();
  started = adapter;
  return adapter;
}

/**
 * The GPU adapter webgpu would run on, without starting tfjs (a sweep checks this in its main
 * thread; its worker threads start the backend). Throws {@link BackendUnavailableError}.
 */
export async function findAdapter(): Promise<GpuAdapter> {
  return (await adapterOf()).adapter;
}

async function adapterOf(): Promise<{ gpu: GpuLike; adapter: GpuAdapter }> {
  const gpu = await gpuEntry();
  const found = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (found === null) {
    throw new BackendUnavailableError(`webgpu found no GPU adapter (${isNode() ? 'Dawn, from the webgpu package, saw no Vulkan, Metal or D3D12 GPU' : 'navigator.gpu.requestAdapter() returned null'})`);
  }
  const info = found.info ?? {};
  return { gpu, adapter: { vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '' } };
}

/** `navigator.gpu` in a browser or worker; in Node, Dawn from the `webgpu` package (created once). */
async function gpuEntry(): Promise<GpuLike> {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  if (nav?.gpu !== undefined) return nav.gpu;
  if (!isNode()) throw new BackendUnavailableError('webgpu: this browser has no WebGPU (navigator.gpu is missing)');
  if (nodeGpu !== null) return nodeGpu;
  // Dawn prints its own warning to stderr when Linux has no Vulkan loader; say it once, as the reason.
  if (vulkanLoaderMissing()) throw new BackendUnavailableError('webgpu found no GPU adapter (no Vulkan loader, libvulkan.so.1, on this machine)');
  const dawn = await (import(DAWN_PACKAGE) as Promise<DawnModule>).catch((e: unknown) => {
    throw new BackendUnavailableError(isMissing(e)
      ? 'webgpu needs the webgpu package in Node (npm install webgpu@0.6.2)'
      : `webgpu: the webgpu package failed to load (${e instanceof Error ? e.message.split('\n', 1)[0] : String(e)})`);
  });
  // The constants tfjs-backend-webgpu reads as globals (GPUBufferUsage, GPUMapMode, …); Node has none of them.
  for (const [k, v] of Object.entries(dawn.globals)) {
    if (!(k in globalThis)) Object.defineProperty(globalThis, k, { value: v, configurable: true, writable: true });
  }
  nodeGpu = dawn.create([]);
  return nodeGpu;
}

/**
 * Linux only: whether the Vulkan loader (libvulkan.so.1) cannot be opened. dlopen of a library
 * that is not a Node addon fails with "did not self-register" after loading it (present) and
 * with "cannot open shared object file" when it is absent; anything else counts as present.
 */
export function vulkanLoaderMissing(): boolean {
  const proc = globalThis.process as NodeJS.Process | undefined;
  if (proc?.platform !== 'linux' || typeof proc.dlopen !== 'function') return false;
  try {
    proc.dlopen({ exports: {} } as unknown as NodeJS.Module, 'libvulkan.so.1');
    return false;
  } catch (e) {
    return /cannot open shared object file/.test(e instanceof Error ? e.message : String(e));
  }
}

/** Node 20 has no `navigator`; Node 21+ has one without `gpu`. tfjs-backend-webgpu looks for `navigator.gpu`. */
function exposeToTfjs(gpu: GpuLike): void {
  const g = globalThis as { navigator?: object };
  if (g.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else if (!('gpu' in g.navigator)) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
}

function isNode(): boolean {
  return (globalThis.process as NodeJS.Process | undefined)?.versions?.node !== undefined;
}

function isMissing(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
