import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's entry registers no gradients; tfjs-layers' Node bundle registers them all (the
// deep import '@tensorflow/tfjs-core/dist/register_all_gradients' does not load in plain Node).
// Gradients only: tfjs-layers registers no backend, so importing lrlab leaves the app's alone.
import '@tensorflow/tfjs-layers';
import { applyFastKernels, fastKernelsInstalled } from './kernels/fast-kernels.js';
import { activeAdapter, BackendUnavailableError, findAdapter, startWebgpu, type GpuAdapter } from './webgpu.js';

export { BackendUnavailableError, type GpuAdapter } from './webgpu.js';

/** A backend lrlab can run on (what `initBackend` returns and result files record). */
export type BackendName = 'wasm' | 'cpu' | 'webgpu';
/** What `initBackend` accepts: a backend, or `auto` (webgpu when a GPU adapter is found, else wasm). */
export type BackendChoice = BackendName | 'auto';
/** Every accepted `--backend` value, in the order the help lists them. */
export const BACKEND_CHOICES = ['wasm', 'cpu', 'webgpu', 'auto'] as const satisfies readonly BackendChoice[];

/** What `backendInfo()` reports: the active backend and how the wasm one runs. */
export interface BackendInfo {
  name: string;
  /** The GPU adapter on webgpu; null on wasm and cpu. */
  adapter: GpuAdapter | null;
  /** The wasm backend runs its SIMD build (false on cpu). */
  simd: boolean;
  /** XNNPACK threads of the wasm backend (tfjs 4.22 forces 1 in Node); 1 on cpu. */
  threads: number;
  /** lrlab's replacement wasm kernels are registered (see src/engine/kernels). */
  fastKernels: boolean;
}

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');

/** The wasm backend package, once `initBackend('wasm')` has loaded (and so registered) it. */
let wasm: WasmModule | null = null;
let wasmPathsSet = false;
let wantFast = true;

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Where the wasm backend's `.wasm` files are served from (a URL prefix ending in `/`), for the
   * browser. Default: in Node, the installed @tensorflow/tfjs-backend-wasm package's `dist/`;
   * elsewhere, tfjs-backend-wasm's own default (next to the script).
   */
  wasmPaths?: string;
}

/**
 * Select and initialise a TensorFlow.js backend. Importing lrlab registers no backend: the cpu,
 * wasm and webgpu backends are loaded here, on the first call that asks for them, so an app that
 * never calls `initBackend` keeps its own. `wasm` (the default) loads its `.wasm` files from the
 * installed @tensorflow/tfjs-backend-wasm package in Node (no network; `wasmPaths` elsewhere)
 * and registers lrlab's replacement kernels unless `setFastKernels(false)` was called; if wasm
 * cannot start, it falls back to `cpu` with a one-line note on stderr. `webgpu` runs on the GPU
 * (in Node through the optional `webgpu` package, Dawn; see `./webgpu.ts`) and throws
 * {@link BackendUnavailableError} — one line saying what is missing — when it cannot start.
 * `auto` starts webgpu when a GPU adapter is found, else wasm, and says which on stderr. Either
 * way the cpu backend's Node banner is switched off (see `quietCpuBackend`). Returns the backend
 * in use.
 *
 * Example: `await initBackend()` → 'wasm'; `await initBackend('auto')` → 'webgpu' or 'wasm'.
 */
export async function initBackend(name: BackendChoice = 'wasm', opts: InitBackendOptions = {}): Promise<BackendName> {
  await import('@tensorflow/tfjs-backend-cpu');
  // Also on wasm: code may switch to cpu later with tf.setBackend (tests compare against it).
  quietCpuBackend();
  if (name === 'webgpu') {
    await startWebgpu();
    return 'webgpu';
  }
  if (name === 'auto') {
    try {
      const adapter = await startWebgpu();
      warn(`lrlab: note: --backend auto: using webgpu (${describeAdapter(adapter)})`);
      return 'webgpu';
    } catch (e) {
      if (!(e instanceof BackendUnavailableError)) throw e;
      const used = await startCpuSide('wasm', opts);
      warn(`lrlab: note: --backend auto: using ${used} (${e.message})`);
      return used;
    }
  }
  return startCpuSide(name, opts);
}

/**
 * What `initBackend(choice)` would start, found without starting it: `auto` becomes webgpu when
 * a GPU adapter is found, else wasm (and says which on stderr); `webgpu` throws
 * {@link BackendUnavailableError} when there is no adapter. For code that starts the backend
 * elsewhere (a sweep's worker threads) but must fail, or decide, first.
 */
export async function resolveBackend(choice: BackendChoice): Promise<{ name: BackendName; adapter: GpuAdapter | null }> {
  if (choice === 'wasm' || choice === 'cpu') return { name: choice, adapter: null };
  if (choice === 'webgpu') return { name: 'webgpu', adapter: await findAdapter() };
  try {
    const found = await findAdapter();
    warn(`lrlab: note: --backend auto: using webgpu (${describeAdapter(found)})`);
    return { name: 'webgpu', adapter: found };
  } catch (e) {
    if (!(e instanceof BackendUnavailableError)) throw e;
    warn(`lrlab: note: --backend auto: using wasm (${e.message})`);
    return { name: 'wasm', adapter: null };
  }
}

/** The GPU adapter in one phrase, for notes: vendor, architecture, description where known. */
export function describeAdapter(a: GpuAdapter): string {
  const parts = [a.vendor, a.architecture, a.description].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(' ') : 'unnamed adapter';
}

/** wasm (falling back to cpu with a note) or cpu. */
async function startCpuSide(name: 'wasm' | 'cpu', opts: InitBackendOptions): Promise<'wasm' | 'cpu'> {
  if (name === 'wasm') {
    let ok = false;
    let why = 'setBackend returned false';
    try {
      wasm ??= await import('@tensorflow/tfjs-backend-wasm').catch((e: unknown) => {
        // An optional peer of lrlab: say what to install rather than where Node looked.
        if ((e as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND') throw new Error('@tensorflow/tfjs-backend-wasm is not installed');
        throw e;
      });
      const paths = opts.wasmPaths ?? (wasmPathsSet ? undefined : nodeWasmDir());
      if (paths !== undefined) {
        wasm.setWasmPaths(paths);
        wasmPathsSet = true;
      }
      ok = await tf.setBackend('wasm');
    } catch (e) {
      why = e instanceof Error ? e.message : String(e);
    }
    if (ok) {
      await tf.ready();
      // After the backend's init, which runs the stock kernels' setup functions.
      applyFastKernels(wantFast);
      return 'wasm';
    }
    warn(`lrlab: note: wasm backend failed to initialise (${firstLine(why)}); using cpu`);
  }
  const ok = await tf.setBackend('cpu');
  if (!ok) throw new Error(`backend 'cpu' failed to initialise`);
  await tf.ready();
  return 'cpu';
}

/**
 * The installed wasm package's `dist/` folder in Node; undefined elsewhere. Node's `module` is
 * reached through `process.getBuiltinModule` (Node >= 20.16) rather than an import, so browser
 * bundles of lrlab contain no Node built-in.
 */
function nodeWasmDir(): string | undefined {
  const proc = globalThis.process as NodeJS.Process | undefined;
  if (proc?.versions?.node === undefined || typeof proc.getBuiltinModule !== 'function') return undefined;
  const { createRequire } = proc.getBuiltinModule('node:module');
  const file = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  return file.slice(0, file.length - 'tfjs-backend-wasm.wasm'.length);
}

/**
 * Emscripten's errors can carry the whole minified module source; the note keeps the first line,
 * cut at 200 characters.
 */
function firstLine(text: string): string {
  const line = text.split('\n', 1)[0];
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function warn(line: string): void {
  const proc = globalThis.process as NodeJS.Process | undefined;
  if (proc?.stderr) proc.stderr.write(`${line}\n`);
  else console.warn(line);
}

/**
 * Stops the cpu backend's one-off "Hi, looks like you are running TensorFlow.js in Node.js…"
 * banner, which tfjs-backend-cpu 4.22 prints through console.warn on its first tensor write
 * (`MathBackendCPU.write` while `firstUse` is true) and which would land in the CLI's stderr.
 * Only that flag is cleared; tfjs' other warnings, and every computation, stay as they are. The
 * global alternatives were rejected: `PROD` and `IS_TEST` silence all of tfjs' warnings, and
 * `IS_TEST` also turns on the engine's per-kernel leak checks.
 */
function quietCpuBackend(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null && cpu.firstUse === true) cpu.firstUse = false;
}

/**
 * Register (true, the default) or remove (false) lrlab's replacement wasm kernels; removing
 * restores the stock tfjs-backend-wasm 4.22 kernels exactly (so Conv2DBackpropFilter is then
 * missing again). Takes effect for the next kernel call; the cpu backend is never touched.
 */
export function setFastKernels(enabled: boolean): void {
  wantFast = enabled;
  applyFastKernels(enabled);
}

/** Whether lrlab's replacement wasm kernels are registered. */
export function fastKernelsEnabled(): boolean {
  return fastKernelsInstalled();
}

/** The active backend: its GPU adapter on webgpu; for wasm whether it runs SIMD and on how many threads. */
export function backendInfo(): BackendInfo {
  const name = tf.engine().backendName ?? 'none';
  const onWasm = name === 'wasm';
  return {
    name,
    adapter: activeAdapter(),
    simd: onWasm && tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    threads: onWasm && wasm !== null ? wasm.getThreadsCount() : 1,
    fastKernels: fastKernelsInstalled(),
  };
}
