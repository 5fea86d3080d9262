/**
 * `startWatch`: build once, then rebuild on every change under the scenario
 * paths. Rebuilds go through the incremental build, so only the scenarios
 * whose inputs changed are rebuilt; changes are debounced (editors write a
 * file in several steps) and builds never overlap.
 */
import { fstatSync, statSync, watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { formatDiagnostic } from '../common/diagnostic.ts';
import { runBuild, type BuildOptions, type BuildResult } from './build.ts';
import type { Reporter } from './progress.ts';

export interface WatchOptions extends Omit<BuildOptions, 'reporter'> {
  /** Quiet period after the last change before rebuilding. */
  debounceMs?: number;
  /** Receives one line per rebuilt scenario and per problem. */
  onLine: (line: string) => void;
}

export interface Watcher {
  /** Resolves after the first build. */
  ready: Promise<BuildResult>;
  stop(): Promise<void>;
}

/**
 * One line per scenario. The first build says what it is doing as it goes
 * (`building 3/24 get-pods …`, then `built get-pods`), so a long first build
 * is not silent; later builds say `rebuilt`. Up-to-date scenarios print
 * nothing, except the first build's closing summary.
 */
function lineReporter(onLine: (s: string) => void, first: boolean): Reporter {
  return {
    start: (i, total, name) => {
      if (first) onLine(`building ${i}/${total} ${name} …`);
    },
    done: (_i, _t, name, state, note) => {
      if (state !== 'up-to-date') onLine(`${state === 'built' ? (first ? 'built' : 'rebuilt') : state} ${name}${note ? `: ${note}` : ''}`);
    },
    finish: (summary) => {
      if (first) onLine(summary);
    },
  };
}

export function startWatch(opts: WatchOptions): Watcher {
  const debounceMs = opts.debounceMs ?? 150;
  const outDir = resolve(opts.cwd, opts.out);
  const watchers: FSWatcher[] = [];
  const perFolder = process.platform === 'linux';
  const watchedDirs = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let pending = false;
  let stopped = false;

  const build = async (first = false): Promise<BuildResult> => {
    const r = await runBuild({ ...opts, reporter: lineReporter(opts.onLine, first) });
    for (const d of r.diagnostics) opts.onLine(formatDiagnostic(d, { color: false }));
    return r;
  };
  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (pending) return;
      pending = true;
      running = running.then(async () => {
        pending = false;
        if (!stopped) await build().catch((e: unknown) => opts.onLine(`error: ${e instanceof Error ? e.message : String(e)}`));
      });
    }, debounceMs);
  };
  const onEvent = (base: string) => (_event: string, file: string | Buffer | null) => {
    const full = file ? resolve(base, file.toString()) : base;
    // Our own writes (out/ inside a watched folder, temp files) are not changes.
    if (full === outDir || full.startsWith(outDir + sep) || /\.tmp-\d+$/.test(full) || isOwnOutput(full)) return;
    // A folder created after the start (per-folder watches): watch it too.
    if (perFolder && !stopped && !watchedDirs.has(full) && !/[\\/](\.[^\\/]*|node_modules)$/.test(full) && isDirectory(full)) {
      void watchTree(full, onEvent, watchedDirs).then((ws) => {
        for (const w of ws) stopped ? w.close() : watchers.push(w);
      });
    }
    schedule();
  };

  const ready = (async () => {
    const first = await build(true);
    opts.onLine(`watching ${(opts.paths.length > 0 ? opts.paths : ['scenarios']).join(', ')} for changes (Ctrl-C to stop)`);
    for (const p of opts.paths.length > 0 ? opts.paths : ['scenarios']) {
      const abs = resolve(opts.cwd, p);
      const st = await stat(abs).catch(() => undefined);
      const dir = st?.isDirectory() ? abs : dirname(abs);
      for (const w of await watchTree(dir, onEvent, watchedDirs)) watchers.push(w);
    }
    return first;
  })();
  running = ready;

  return {
    ready,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await ready.catch(() => undefined);
      for (const w of watchers) w.close();
      await running.catch(() => undefined);
    },
  };
}

/**
 * One recursive watcher where the platform has them natively (macOS,
 * Windows), else one per folder. Not Node's recursive mode on Linux: it is
 * emulated there with one inotify watch per file, which stays on the old
 * inode when an editor saves by rename, so the second save after a rename
 * went unseen (test/workflows/watch-bin.test.ts). A folder's own watch sees
 * every file created, renamed or written in it.
 */
async function watchTree(dir: string, onEvent: (base: string) => (event: string, file: string | Buffer | null) => void, watchedDirs: Set<string>): Promise<FSWatcher[]> {
  if (watchedDirs.has(dir)) return [];
  try {
    if (process.platform === 'linux') throw new Error('per-folder watches on Linux');
    return [watch(dir, { recursive: true }, onEvent(dir))];
  } catch {
    watchedDirs.add(dir);
    const w = watch(dir, onEvent(dir));
    w.on('close', () => watchedDirs.delete(dir));
    const out: FSWatcher[] = [w];
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') out.push(...(await watchTree(join(dir, e.name), onEvent, watchedDirs)));
    }
    return out;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether `path` is the file this process's stdout or stderr is redirected to (`watch … > scenarios/log.txt`). */
function isOwnOutput(path: string): boolean {
  let st;
  try {
    st = statSync(path);
  } catch {
    return false;
  }
  for (const fd of [1, 2]) {
    try {
      const o = fstatSync(fd);
      if (o.isFile() && o.ino === st.ino && o.dev === st.dev) return true;
    } catch {
      // fd closed: nothing to compare.
    }
  }
  return false;
}
