/** kubectl's flag parsing, reduced to the flags the model understands. */
export interface KubectlArgs {
  /** Positional words after the verb. */
  words: string[];
  flags: Map<string, string[]>;
}

/** Flags that take no value. */
const BOOLEAN = new Set(['A', 'all-namespaces', 'all', 'force', 'overwrite', 'record', 'wait', 'ignore-not-found', 'watch', 'w', 'show-labels', 'recursive', 'R', 'server-side', 'validate', 'no-headers']);

const ALIASES: Record<string, string> = { n: 'namespace', f: 'filename', k: 'kustomize', l: 'selector', o: 'output', A: 'all-namespaces', R: 'recursive', w: 'watch' };

export function parseArgs(argv: string[]): KubectlArgs {
  const words: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (k: string, v: string) => {
    const name = ALIASES[k] ?? k;
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
    const [, key, inline] = m as unknown as [string, string, string | undefined];
    if (inline !== undefined) add(key, inline);
    else if (BOOLEAN.has(key)) add(key, 'true');
    else if (i + 1 < argv.length) add(key, argv[++i]!);
    else add(key, '');
  }
  return { words, flags };
}

export function flag(a: KubectlArgs, name: string): string | undefined {
  const v = a.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function flagAll(a: KubectlArgs, name: string): string[] {
  return a.flags.get(name) ?? [];
}

export function hasFlag(a: KubectlArgs, name: string): boolean {
  const v = flag(a, name);
  return v !== undefined && v !== 'false';
}
