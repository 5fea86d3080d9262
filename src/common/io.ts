/**
 * What the CLI may touch of the outside world. `main(argv, io)` takes one, so
 * tests can run the whole CLI in-process with captured streams.
 */
export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Exit codes, as documented in DESIGN.md. */
export const EXIT = {
  ok: 0,
  /** a check, diff or scenario expectation found a difference */
  different: 1,
  /** invalid input or usage */
  invalid: 2,
  /** internal error (a bug) */
  internal: 70,
} as const;
