/**
 * What a container's process does over time, from its `command`/`args`: the
 * few shell idioms that decide an outcome — `sh -c "exit 3"`, `false`,
 * `true`, `sleep 30`, `touch /tmp/healthy; sleep 30; rm -f /tmp/healthy`,
 * `while true; do …; done` — read with shell-quote. Pure: no clock, no world.
 * Anything else runs until it is stopped, as a server does (and is reported
 * as not understood, so that the trace can say so).
 */
import { parse, type ParseEntry } from 'shell-quote';

export interface FileChange {
  /** Milliseconds after the container started. */
  atMs: number;
  path: string;
  exists: boolean;
}

export interface ContainerRun {
  /** When the process exits (ms after start); undefined: it runs until stopped. */
  exitAfterMs?: number;
  exitCode: number;
  /** Files the script creates and removes (for exec probes like `cat /tmp/healthy`). */
  files: FileChange[];
  /** False when part of the command is not one of the modelled idioms (it then runs forever from there). */
  understood: boolean;
  /** True when no command runs but the image's own entrypoint (no command, or `args` that are its flags): what it does is the image's. */
  entrypoint?: true;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** Commands the interpreter knows (as the first word of `args` without `command`). */
const COMMANDS = new Set(['sleep', 'true', 'false', 'echo', 'touch', 'rm', 'tail', 'printf', 'date', 'hostname']);
const FOREVER: ContainerRun = { exitCode: 0, files: [], understood: true };
const ENTRYPOINT: ContainerRun = { ...FOREVER, entrypoint: true };

function base(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The process of a container: `command` (or the image's entrypoint, i.e. `args` alone) plus `args`. */
export function containerRun(command: readonly string[] | undefined, args: readonly string[] | undefined): ContainerRun {
  const argv = [...(command ?? []), ...(args ?? [])].map(String);
  if (argv.length === 0) return ENTRYPOINT;
  // `args` alone go to the image's entrypoint: a shell image runs them as a command, a server image takes them as flags.
  if (command === undefined && !SHELLS.has(base(argv[0]!)) && !COMMANDS.has(base(argv[0]!))) return ENTRYPOINT;
  return runArgv(argv);
}

function runArgv(argv: string[]): ContainerRun {
  const name = base(argv[0]!);
  if (SHELLS.has(name)) {
    const c = argv.indexOf('-c');
    if (c < 0 || argv[c + 1] === undefined) return { ...FOREVER, understood: false };
    return runScript(argv[c + 1]!);
  }
  return runScript(argv.map(quoteWord).join(' '));
}

function quoteWord(w: string): string {
  return /^[\w./:=@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

type Op = ';' | '&&' | '||';

/** A shell script as a list of simple commands joined by ; && ||. Pipes, redirections and subshells are kept as words. */
function commands(script: string): { words: string[]; redirect?: string; join: Op }[] {
  const out: { words: string[]; redirect?: string; join: Op }[] = [];
  let words: string[] = [];
  let redirect: string | undefined;
  let pendingRedirect = false;
  let join: Op = ';';
  const flush = (next: Op) => {
    if (words.length > 0 || redirect !== undefined) out.push({ words, ...(redirect !== undefined ? { redirect } : {}), join });
    words = [];
    redirect = undefined;
    join = next;
  };
  for (const line of script.split('\n')) {
    const tokens: ParseEntry[] = parse(line);
    for (const t of tokens) {
      if (typeof t === 'string') {
        if (pendingRedirect) {
          redirect = t;
          pendingRedirect = false;
        } else words.push(t);
      } else if ('op' in t) {
        if (t.op === ';' || t.op === '&&' || t.op === '||') flush(t.op);
        else if (t.op === '>' || t.op === '>>') pendingRedirect = true;
        else words.push(t.op);
      } else if ('comment' in t) break;
      else words.push('?');
    }
    flush(';');
  }
  return out;
}

/** `30`, `30s`, `1m`, `0.5`, `infinity` → ms (undefined when not a duration). */
export function sleepMs(arg: string | undefined): number | undefined {
  if (arg === undefined) return undefined;
  if (arg === 'infinity' || arg === 'inf') return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * unit);
}

function runScript(script: string): ContainerRun {
  const files: FileChange[] = [];
  let t = 0;
  let status = 0;
  for (const cmd of commands(script)) {
    if ((cmd.join === '&&' && status !== 0) || (cmd.join === '||' && status === 0)) continue;
    const [head, ...rest] = cmd.words;
    if (cmd.redirect !== undefined) files.push({ atMs: t, path: cmd.redirect, exists: true });
    if (head === undefined) continue;
    const name = base(head);
    switch (name) {
      case 'exit': {
        const code = rest[0] === undefined ? status : Number(rest[0]);
        return { exitAfterMs: t, exitCode: Number.isInteger(code) ? code & 255 : 2, files, understood: true };
      }
      case 'true':
      case ':':
        status = 0;
        break;
      case 'false':
        status = 1;
        break;
      case 'echo':
      case 'printf':
      case 'date':
      case 'hostname':
        status = 0;
        break;
      case 'sleep': {
        const ms = sleepMs(rest[0]);
        if (ms === undefined) return { files, exitCode: 0, understood: false };
        if (ms === Number.POSITIVE_INFINITY) return { files, exitCode: 0, understood: true };
        t += ms;
        status = 0;
        break;
      }
      case 'touch':
        for (const p of rest) files.push({ atMs: t, path: p, exists: true });
        status = 0;
        break;
      case 'rm':
        for (const p of rest.filter((w) => !w.startsWith('-'))) files.push({ atMs: t, path: p, exists: false });
        status = 0;
        break;
      case 'while':
      case 'until':
        // `while true; do …; done` (and `while :`) never ends; other loops are not modelled.
        return { files, exitCode: 0, understood: name === 'while' && (rest[0] === 'true' || rest[0] === ':') };
      case 'tail':
        return { files, exitCode: 0, understood: rest.includes('-f') || rest.includes('-F') };
      default:
        return { files, exitCode: 0, understood: false };
    }
  }
  return { exitAfterMs: t, exitCode: status, files, understood: true };
}

/** Whether `path` exists `atMs` after the container started. */
export function fileExists(run: ContainerRun, path: string, atMs: number): boolean {
  let exists = false;
  for (const f of run.files) if (f.path === path && f.atMs <= atMs) exists = f.exists;
  return exists;
}

/** The reason a terminated container shows: Completed for 0, Error otherwise (OOMKilled is not modelled). */
export function exitReason(code: number): 'Completed' | 'Error' {
  return code === 0 ? 'Completed' : 'Error';
}
