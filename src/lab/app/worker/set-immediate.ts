/**
 * The engine's training loop yields with `setImmediate` (Node) between loss readbacks; workers
 * lack it. A MessageChannel post is the browser's equivalent: a macrotask without setTimeout's
 * 4 ms clamp, which would cost ~4 ms per 25 steps. Installed only where missing.
 */
export function installSetImmediate(): void {
  const g = globalThis as unknown as { setImmediate?: (fn: () => void) => void };
  if (typeof g.setImmediate === 'function') return;
  const channel = new MessageChannel();
  const queue: Array<() => void> = [];
  channel.port1.onmessage = () => queue.shift()?.();
  g.setImmediate = (fn) => {
    queue.push(fn);
    channel.port2.postMessage(0);
  };
}
