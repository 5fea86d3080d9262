/**
 * A shell-like tokenizer for the kubectl command lines of scenarios, so that
 * `label pod web 'note=hello world'` and `exec web -- sh -c "echo \"hi\""` give
 * the argv a real shell would. No variables, globs or pipes: `$`, `*` and `|`
 * are ordinary characters.
 */

export type ArgvResult = { ok: true; argv: string[] } | { ok: false; error: string; offset: number };

/** Split a command line into words (POSIX quoting: '…', "…", backslash). */
export function splitArgv(line: string): ArgvResult {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: 'unterminated single quote', offset: i };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      const r = readDoubleQuoted(line, i);
      if (typeof r === 'number') return { ok: false, error: 'unterminated double quote', offset: r };
      word += r.text;
      inWord = true;
      i = r.next;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) return { ok: false, error: 'trailing backslash', offset: i };
      // A backslash-newline is a line continuation; anything else is taken literally.
      if (line[i + 1] !== '\n') word += line[i + 1];
      inWord = inWord || line[i + 1] !== '\n';
      i += 2;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) argv.push(word);
  return { ok: true, argv };
}

/** Inside "…", a backslash escapes only $ ` " \ and newline (POSIX). */
function readDoubleQuoted(line: string, start: number): { text: string; next: number } | number {
  let text = '';
  let i = start + 1;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === '"') return { text, next: i + 1 };
    if (ch === '\\' && i + 1 < line.length && '$`"\\\n'.includes(line[i + 1] as string)) {
      if (line[i + 1] !== '\n') text += line[i + 1];
      i += 2;
    } else {
      text += ch;
      i++;
    }
  }
  return start;
}

/** Tokenise a kubectl command line and drop a leading `kubectl`. */
export function tokenizeKubectl(line: string): ArgvResult {
  const r = splitArgv(line);
  if (!r.ok) return r;
  const argv = r.argv[0] === 'kubectl' ? r.argv.slice(1) : r.argv;
  return { ok: true, argv };
}

/** The command line without a leading `kubectl` word (as written otherwise). */
export function stripKubectl(line: string): string {
  return line.trim().replace(/^kubectl(\s+|$)/, '');
}

/** kubectl's flag parsing, reduced to the flags the model understands. */
export interface KubectlArgs {
  /** Positional words after the verb. */
  words: string[];
  flags: Map<string, string[]>;
}

/** Flags that take no value. */
export const BOOLEAN_FLAGS: ReadonlySet<string> = new Set(['A', 'all-namespaces', 'all', 'force', 'overwrite', 'record', 'wait', 'ignore-not-found', 'watch', 'w', 'show-labels', 'recursive', 'R', 'server-side', 'validate', 'no-headers', 'containers', 'sum', 'no-preserve', 'namespaced', 'ignore-daemonsets', 'delete-emptydir-data', 'delete-local-data', 'disable-eviction', 'now']);

export const FLAG_ALIASES: Readonly<Record<string, string>> = { n: 'namespace', f: 'filename', k: 'kustomize', l: 'selector', o: 'output', A: 'all-namespaces', R: 'recursive', w: 'watch' };

/** Splits the argv after the verb into positional words and flags (`-n x`, `--for=…`, `-A`). */
export function parseArgs(argv: readonly string[]): KubectlArgs {
  const words: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (k: string, v: string) => {
    const name = FLAG_ALIASES[k] ?? k;
    flags.set(name, [...(flags.get(name) ?? []), v]);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    const m = /^--?([A-Za-z][\w-]*)(?:=(.*))?$/s.exec(a);
    if (!m || /^-\d/.test(a)) {
      words.push(a);
      continue;
    }
    const [, key = '', inline] = m; // group 1 always matches: its default is never used
    if (inline !== undefined) add(key, inline);
    else if (BOOLEAN_FLAGS.has(key)) add(key, 'true');
    else if (i + 1 < argv.length) add(key, argv[++i]!);
    else add(key, '');
  }
  return { words, flags };
}
