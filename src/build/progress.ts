/**
 * Build progress: one updating line on a terminal (`[3/24] building
 * rolling-update…`), one quiet line per scenario elsewhere (CI logs).
 */
import type { Writable } from '../common/io.ts';

export type ScenarioState = 'built' | 'up-to-date' | 'invalid' | 'failed' | 'error';

export interface Reporter {
  /** A scenario is about to be built. */
  start(index: number, total: number, name: string): void;
  /** A scenario is done (built, skipped, or failed). */
  done(index: number, total: number, name: string, state: ScenarioState, note?: string): void;
  /** The final summary line. */
  finish(line: string): void;
}

const WORDS: Record<ScenarioState, string> = {
  built: 'built',
  'up-to-date': 'up to date',
  invalid: 'invalid',
  failed: 'FAILED',
  error: 'ERROR',
};

export function createReporter(stream: Writable, opts: { tty: boolean }): Reporter {
  if (opts.tty) {
    // Some terminals (and `script`) report 0 columns: treat as unknown.
    const width = Math.max(20, (stream.columns || 80) - 1);
    const line = (s: string) => stream.write(`\r${s.length > width ? s.slice(0, width - 1) + '…' : s}\x1b[K`);
    return {
      start: (i, total, name) => line(`[${i}/${total}] building ${name}…`),
      done: (i, total, name, state, note) => {
        // Problems stay on screen; successes are overwritten by the next line.
        if (state !== 'built' && state !== 'up-to-date') stream.write(`\r\x1b[K${WORDS[state]} ${name}${note ? `: ${note}` : ''}\n`);
        else line(`[${i}/${total}] ${WORDS[state]} ${name}`);
      },
      finish: (s) => stream.write(`\r\x1b[K${s}\n`),
    };
  }
  return {
    start: () => undefined,
    done: (_i, _total, name, state, note) => stream.write(`${WORDS[state]} ${name}${note ? `: ${note}` : ''}\n`),
    finish: (s) => stream.write(`${s}\n`),
  };
}

/** A reporter that records lines (tests, watch). */
export function silentReporter(): Reporter {
  return { start: () => undefined, done: () => undefined, finish: () => undefined };
}

export interface BuildSummary {
  built: number;
  upToDate: number;
  problems: number;
  scenarios: number;
  shard?: { index: number; count: number };
  seconds: string;
  /** The gallery page, relative to the working directory (`out/README.md`). */
  gallery: string;
}

/**
 * The last line of `build`: what it did and where to look, also when nothing
 * had to be rebuilt (`npm run diagrams` on a fresh clone).
 */
export function summaryLine(s: BuildSummary): string {
  const n = `${s.scenarios} scenario${s.scenarios === 1 ? '' : 's'}${s.shard ? ` in shard ${s.shard.index}/${s.shard.count}` : ''}`;
  return `${s.built} built, ${s.upToDate} up to date${s.problems ? `, ${s.problems} with problems` : ''} (${n}) in ${s.seconds}s; gallery: ${s.gallery}`;
}
