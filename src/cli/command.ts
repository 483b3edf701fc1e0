/** A CLI subcommand. `run` returns the exit code; input errors are thrown (UsageError/SpecError) and become exit 2. */
export interface Command {
  name: string;
  /** One line for `lrlab --help`. */
  summary: string;
  /** Full text for `lrlab <name> --help`. */
  help: string;
  run(argv: string[]): Promise<number>;
}
