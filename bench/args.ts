/** The value after `--name` on the command line, or undefined when the flag is absent or last. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined;
}

/** The value after `--name`, or `dflt`. */
export function flag(name: string, dflt: string): string {
  return arg(name) ?? dflt;
}

/** Whether the module at `url` is the script node was started with (not imported by run.ts). */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url.endsWith(process.argv[1].replace(/^.*\//, ''));
}
