/**
 * One kubectl invocation: its identity, the requests it sends, and what it
 * prints. Commands run in callback style on the simulation clock and call
 * `finish` once with the exit code.
 */
import type { ApiResponse } from '../apiserver/types.ts';
import type { Identity } from '../apiserver/identity.ts';
import type { ScenarioFile } from '../../scenario/types.ts';
import { Client, type Call, type World } from '../components/world.ts';
import type { KubectlArgs } from './args.ts';

export const KUBECTL_ID = 'kubectl';

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export class Session {
  private readonly client: Client;
  private out: string[] = [];
  private err: string[] = [];
  /** stdout is exactly what was printed (`-o jsonpath` adds no newline). */
  private rawOut = false;
  /** Id of the last event this command caused (its next request's cause). */
  last: string | null = null;
  finished: KubectlResult | null = null;
  /**
   * Simulated time (ms) up to which this command may still run past its
   * step's settle horizon: `kubectl drain --timeout=15m` waits 15 min
   * (src/cluster/index.ts runStep runs the clock that far).
   */
  runsUntil: number | undefined;

  constructor(
    readonly w: World,
    readonly who: Identity,
    readonly files: Record<string, ScenarioFile>,
    readonly args: KubectlArgs,
    private readonly onDone: (r: KubectlResult) => void,
  ) {
    this.client = new Client(w, KUBECTL_ID, who);
  }

  call(req: Omit<Call, 'cause'>, done: (res: ApiResponse) => void): void {
    // kubectl 1.31 defaults to --validate=strict: writes ask the server for fieldValidation=Strict.
    const strict = req.verb === 'create' || req.verb === 'update' || req.verb === 'patch' ? { fieldValidation: 'Strict' as const } : {};
    this.client.call({ ...req, ...strict, cause: this.last }, (res) => {
      this.last = res.eventId;
      done(res);
    });
  }

  print(line: string): void {
    this.out.push(line);
  }

  /** Prints `text` as is: stdout gets no newline added (kubectl's `-o jsonpath`). */
  printRaw(text: string): void {
    this.out.push(text);
    this.rawOut = true;
  }

  error(line: string): void {
    this.err.push(line);
  }

  finish(exitCode: number): void {
    if (this.finished) return;
    const join = (xs: string[]) => (xs.length === 0 ? '' : xs.join('\n').replace(/\n*$/, '\n'));
    this.finished = { stdout: this.rawOut ? this.out.join('') : join(this.out), stderr: join(this.err), exitCode };
    this.onDone(this.finished);
  }
}
