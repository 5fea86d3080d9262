/**
 * The kubectl commands the cluster model implements (src/cluster/kubectl/),
 * checked when the scenario is loaded: a command the model does not run fails
 * `validate`, `trace` and `build` up front with `kubectl-not-modelled` at the
 * command's word, instead of failing at run time. docs/scenario-format.md
 * ("Modelled kubectl commands") shows the same table.
 */
import { BOOLEAN_FLAGS, FLAG_ALIASES, parseArgs } from './argv.ts';
import { resolveResource } from './kinds.ts';

export interface ModelledCommand {
  verb: string;
  /**
   * Subcommands (first positional word) the model runs, with their aliases;
   * absent: any arguments. A subcommand mapped to a list needs one of those
   * words next (`create secret generic`).
   */
  sub?: Readonly<Record<string, readonly string[] | null>>;
  /** `-f FILE` stands in for the subcommand (`create -f web.yaml`). */
  subOrFile?: boolean;
  /** What the model does, for the docs and the diagnostic. */
  summary: string;
  /**
   * The flags the model runs for this command (long names; `-n` and the
   * other shorthands map to them through argv.ts's FLAG_ALIASES). Any other
   * flag is refused at validation (`kubectl-unknown-flag`) and, if a command
   * reaches kubectl anyway, answered with kubectl's `unknown flag` error.
   */
  flags: readonly string[];
}

const TOP_KINDS = { pod: null, pods: null, po: null, node: null, nodes: null, no: null } as const;

export const MODELLED_KUBECTL: readonly ModelledCommand[] = [
  { verb: 'apply', summary: 'apply -f FILE|DIR, -k DIR (client-side)', flags: ['filename', 'kustomize', 'recursive'] },
  { verb: 'create', sub: { deployment: null, deploy: null, namespace: null, ns: null, configmap: null, cm: null, secret: ['generic'] }, subOrFile: true, summary: 'create -f (-o json|yaml|name), create deployment|namespace|configmap|secret generic', flags: ['filename', 'kustomize', 'recursive', 'image', 'replicas', 'from-literal', 'output'] },
  { verb: 'get', summary: 'get TYPE [NAME] (-o wide|yaml|json|name|jsonpath=…|jsonpath-as-json=…|custom-columns=…, -l, -A, --no-headers, --subresource=status|scale)', flags: ['output', 'selector', 'all-namespaces', 'no-headers', 'subresource'] },
  { verb: 'describe', summary: 'describe TYPE NAME', flags: [] },
  { verb: 'delete', summary: 'delete TYPE NAME | -f FILE', flags: ['filename', 'kustomize', 'recursive', 'selector', 'cascade', 'wait', 'force', 'grace-period', 'now'] },
  { verb: 'scale', summary: 'scale TYPE/NAME --replicas=N', flags: ['replicas'] },
  { verb: 'rollout', sub: { status: null, history: null, undo: null, restart: null }, summary: 'rollout status|history|undo|restart', flags: ['timeout', 'revision', 'to-revision'] },
  { verb: 'set', sub: { image: null }, summary: 'set image', flags: [] },
  { verb: 'autoscale', summary: 'autoscale deployment NAME --min --max --cpu-percent', flags: ['min', 'max', 'cpu-percent', 'name'] },
  { verb: 'expose', summary: 'expose deployment|pod NAME --port', flags: ['port', 'target-port', 'protocol', 'type', 'name'] },
  { verb: 'wait', summary: 'wait --for=condition|delete|create|jsonpath (TYPE/NAME, -l, --all, -f FILE)', flags: ['for', 'timeout', 'selector', 'all', 'all-namespaces', 'filename'] },
  { verb: 'auth', sub: { 'can-i': null, whoami: null }, summary: 'auth can-i VERB RESOURCE, auth whoami', flags: ['as', 'all-namespaces', 'subresource'] },
  { verb: 'logs', summary: 'logs POD|deployment/NAME (API server → kubelet)', flags: ['container', 'c'] },
  { verb: 'exec', summary: 'exec POD -- COMMAND (API server → kubelet → runtime)', flags: ['container', 'c'] },
  { verb: 'label', summary: 'label TYPE NAME k=v', flags: ['overwrite'] },
  { verb: 'annotate', summary: 'annotate TYPE NAME k=v', flags: ['overwrite'] },
  { verb: 'taint', summary: 'taint nodes NAME k=v:Effect', flags: ['overwrite'] },
  { verb: 'cordon', summary: 'cordon NODE', flags: [] },
  { verb: 'uncordon', summary: 'uncordon NODE', flags: [] },
  { verb: 'drain', summary: 'drain NODE (evictions)', flags: ['force', 'ignore-daemonsets', 'delete-emptydir-data', 'delete-local-data', 'timeout', 'grace-period'] },
  { verb: 'top', sub: TOP_KINDS, summary: 'top pods|nodes (metrics-server)', flags: ['all-namespaces', 'selector', 'no-headers', 'sort-by'] },
  { verb: 'port-forward', summary: 'port-forward POD|TYPE/NAME [LOCAL:]REMOTE (API server → kubelet stream)', flags: ['address'] },
  { verb: 'cp', summary: 'cp POD:PATH LOCAL | LOCAL POD:PATH (exec tar through the API server)', flags: ['container', 'c'] },
  { verb: 'events', summary: 'events [--for TYPE/NAME] [--types]', flags: ['for', 'types', 'all-namespaces', 'no-headers'] },
  { verb: 'api-resources', summary: 'api-resources [--namespaced] [--api-group] [-o wide|name]', flags: ['namespaced', 'api-group', 'no-headers', 'output'] },
];

/** The verbs of `MODELLED_KUBECTL`, in table order. */
export const MODELLED_VERBS: readonly string[] = MODELLED_KUBECTL.map((c) => c.verb);

/** Flags every modelled command takes (kubectl's global flags the model runs). */
export const GLOBAL_FLAGS: readonly string[] = ['namespace'];

/** kubectl's other global flags (`kubectl options`): real, but not run by the model. */
const KUBECTL_GLOBAL_FLAGS: ReadonlySet<string> = new Set([
  'as', 'as-group', 'as-uid', 'cache-dir', 'certificate-authority', 'client-certificate', 'client-key', 'cluster', 'context',
  'disable-compression', 'insecure-skip-tls-verify', 'kubeconfig', 'match-server-version', 'password', 'profile', 'profile-output',
  'request-timeout', 'server', 'tls-server-name', 'token', 'user', 'username', 'v', 'vmodule', 'warnings-as-errors',
]);

/** Real flags of some commands the model does not run (so they are "not modelled", not kubectl's "unknown flag"). */
const REAL_UNMODELLED: Readonly<Record<string, readonly string[]>> = {
  get: ['watch', 'watch-only', 'output-watch-events', 'show-labels', 'show-kind', 'label-columns', 'sort-by', 'field-selector', 'ignore-not-found', 'template', 'raw', 'chunk-size', 'server-print', 'allow-missing-template-keys', 'show-managed-fields', 'filename', 'kustomize', 'recursive'],
  apply: ['server-side', 'dry-run', 'force', 'prune', 'validate', 'field-manager', 'force-conflicts', 'record', 'overwrite', 'wait', 'timeout', 'grace-period', 'selector', 'output', 'all'],
  create: ['dry-run', 'save-config', 'validate', 'edit', 'raw', 'port', 'selector'],
  delete: ['all', 'ignore-not-found', 'dry-run', 'timeout', 'output', 'field-selector', 'all-namespaces'],
  describe: ['selector', 'show-events', 'all-namespaces', 'filename', 'recursive'],
  scale: ['current-replicas', 'timeout', 'resource-version', 'selector', 'all', 'filename', 'dry-run', 'output'],
  logs: ['follow', 'previous', 'tail', 'since', 'since-time', 'timestamps', 'all-containers', 'selector', 'prefix', 'limit-bytes'],
  exec: ['stdin', 'tty', 'quiet', 'filename', 'pod-running-timeout'],
  top: ['containers', 'sum', 'use-protocol-buffers', 'show-capacity'],
  label: ['all', 'selector', 'dry-run', 'list', 'local', 'output', 'resource-version', 'filename', 'all-namespaces'],
  annotate: ['all', 'selector', 'dry-run', 'list', 'local', 'output', 'resource-version', 'filename', 'all-namespaces'],
  drain: ['disable-eviction', 'pod-selector', 'selector', 'skip-wait-for-delete-timeout', 'dry-run', 'chunk-size'],
  rollout: ['watch', 'filename', 'selector', 'dry-run', 'output'],
  wait: ['output', 'local', 'field-selector', 'recursive'],
};

/** Shorthands that mean something else for one command than argv.ts's FLAG_ALIASES say (real kubectl flags the model does not run). */
const VERB_SHORTHANDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  logs: { f: 'follow', p: 'previous' },
  exec: { i: 'stdin', t: 'tty' },
};
const GLOBAL_SHORTHANDS: Readonly<Record<string, string>> = { s: 'server', v: 'v' };

export type CommandCheck = { ok: true } | { ok: false; word: string; message: string; hint: string; code?: 'kubectl-unknown-flag' };

export interface FlagProblem {
  /** The argv word. */
  token: string;
  /** kubectl's message (`unknown flag: --bogus`), or that a real kubectl flag is not modelled. */
  message: string;
  /** A real kubectl flag the model does not run (not kubectl's "unknown flag"). */
  notModelled: boolean;
}

/**
 * The first flag of `argv` (without `kubectl`) that the model does not run
 * for its command: kubectl's message for a flag kubectl does not have
 * (`unknown flag: --bogus`, `unknown shorthand flag: 'x' in -x`), or a
 * not-modelled note for a real one (a global flag such as `--context`, `logs
 * -f`). Words after `--` are the container's, not kubectl's.
 */
export function unknownFlag(argv: readonly string[]): FlagProblem | undefined {
  const cmd = MODELLED_KUBECTL.find((c) => c.verb === argv[0]);
  if (!cmd) return undefined;
  const known = new Set([...GLOBAL_FLAGS, ...cmd.flags]);
  const verbShort = VERB_SHORTHANDS[cmd.verb] ?? {};
  const longOf = (ch: string): string => verbShort[ch] ?? FLAG_ALIASES[ch] ?? GLOBAL_SHORTHANDS[ch] ?? ch;
  const real = (name: string, ch?: string) => KUBECTL_GLOBAL_FLAGS.has(name) || (REAL_UNMODELLED[cmd.verb] ?? []).includes(name) || (ch !== undefined && Object.hasOwn(verbShort, ch));
  const problem = (token: string, name: string, ch?: string): FlagProblem =>
    real(name, ch)
      ? { token, message: `flag ${ch ? `-${ch} (--${name})` : `--${name}`} is not modelled by kubescene`, notModelled: true }
      : { token, message: ch ? `unknown shorthand flag: '${ch}' in ${token.split('=')[0]}` : `unknown flag: --${name}`, notModelled: false };
  for (const a of argv.slice(1)) {
    if (a === '--') break;
    const m = /^(--?)([A-Za-z][\w-]*)(?:=(.*))?$/s.exec(a);
    if (!m || /^-\d/.test(a)) continue;
    const [, dashes, key = ''] = m; // groups 1 and 2 always match: key's default is never used
    if (dashes === '--') {
      if (!known.has(key)) return problem(a, key);
      continue;
    }
    // pflag reads -abc as -a -b -c, and -fNAME as -f NAME when -f takes a value.
    const first = key[0]!;
    if (!known.has(longOf(first))) return problem(a, longOf(first), first);
    if (key.length > 1 && BOOLEAN_FLAGS.has(longOf(first))) {
      const bad = [...key].find((ch) => !known.has(longOf(ch)));
      if (bad) return problem(a, longOf(bad), bad);
      return { token: a, message: `combined shorthand flags (-${key}) are not modelled by kubescene`, notModelled: true };
    }
  }
  return undefined;
}

/**
 * Whether the model runs `argv` (without `kubectl`): the verb, and for verbs
 * with subcommands the subcommand. Arguments are checked by the command when
 * it runs (kubectl's own errors, exit 1), not here.
 */
export function checkKubectlCommand(argv: readonly string[]): CommandCheck {
  const verb = argv[0] ?? '';
  const cmd = MODELLED_KUBECTL.find((c) => c.verb === verb);
  if (!cmd) {
    if (verb.startsWith('-')) {
      return { ok: false, word: verb, message: `kubectl flags before the command ("${verb}") are not modelled`, hint: `write the command first, then its flags (e.g. "get pods -n default")` };
    }
    return { ok: false, word: verb, message: `kubectl ${verb} is not modelled by kubescene`, hint: `modelled commands: ${MODELLED_VERBS.join(', ')}` };
  }
  if (verb === 'describe') {
    const refused = describeNotModelled(argv);
    if (refused) return refused;
  }
  const format = outputNotModelled(argv);
  if (format) return format;
  if (!cmd.sub) return checkFlags(argv, cmd);
  const args = parseArgs(argv.slice(1));
  if (verb === 'create') {
    const refused = createOutputNotModelled(args.flags);
    if (refused) return refused;
  }
  if (cmd.subOrFile && args.flags.has('filename')) return checkFlags(argv, cmd);
  const sub = args.words[0];
  const subs = Object.keys(cmd.sub);
  if (sub === undefined) {
    return { ok: false, word: verb, message: `kubectl ${verb} needs a subcommand`, hint: `modelled: ${verb} ${subs.join('|')}${cmd.subOrFile ? ` or ${verb} -f FILE` : ''}` };
  }
  if (!Object.hasOwn(cmd.sub, sub)) {
    return { ok: false, word: sub, message: `kubectl ${verb} ${sub} is not modelled by kubescene`, hint: `modelled: ${verb} ${subs.join('|')}${cmd.subOrFile ? ` or ${verb} -f FILE` : ''}` };
  }
  const next = cmd.sub[sub];
  const third = args.words[1];
  if (next && (third === undefined || !next.includes(third))) {
    return { ok: false, word: third ?? sub, message: `kubectl ${verb} ${sub} ${third ?? ''}`.trimEnd() + ' is not modelled by kubescene', hint: `modelled: ${verb} ${sub} ${next.join('|')}` };
  }
  return checkFlags(argv, cmd);
}

/** Output formats kubectl has and the model does not print (kubectl run with one exits 1 with "not modelled"). */
export const NOT_MODELLED_FORMATS: ReadonlySet<string> = new Set(['custom-columns-file', 'go-template', 'go-template-file', 'jsonpath-file', 'template', 'templatefile']);

/** `-o go-template=…` and the other formats the model does not print, caught before the run. */
function outputNotModelled(argv: readonly string[]): CommandCheck | undefined {
  for (const value of parseArgs(argv.slice(1)).flags.get('output') ?? []) {
    const eq = value.indexOf('=');
    const format = eq < 0 ? value : value.slice(0, eq);
    if (!NOT_MODELLED_FORMATS.has(format)) continue;
    return {
      ok: false,
      word: format,
      message: `kubectl ${argv[0] ?? ''}: output format "${format}" is not modelled by kubescene`,
      hint: 'modelled output formats: wide, name, json, yaml, jsonpath=…, jsonpath-as-json=…, custom-columns=…',
    };
  }
  return undefined;
}

/** Formats `kubectl create -f … -o F` prints in the model (the created objects as the API server returned them). */
export const CREATE_OUTPUT_FORMATS: readonly string[] = ['json', 'yaml', 'name'];

/** `create deployment … -o yaml` and `create -f … -o jsonpath=…`: real, not run by the model. */
function createOutputNotModelled(flags: ReadonlyMap<string, readonly string[]>): CommandCheck | undefined {
  const value = flags.get('output')?.at(-1);
  if (value === undefined) return undefined;
  const format = value.split('=')[0] ?? value;
  const hint = `modelled: kubectl create -f FILE -o ${CREATE_OUTPUT_FORMATS.join('|')}`;
  if (!flags.has('filename')) return { ok: false, word: value, message: 'kubectl create with a subcommand: -o is not modelled by kubescene', hint };
  if (['jsonpath', 'jsonpath-as-json', 'custom-columns'].includes(format)) return { ok: false, word: value, message: `kubectl create: output format "${format}" is not modelled by kubescene`, hint };
  return undefined;
}

function checkFlags(argv: readonly string[], cmd: ModelledCommand): CommandCheck {
  const p = unknownFlag(argv);
  if (!p) return { ok: true };
  const hint = `flags of kubectl ${cmd.verb} the model runs: ${[...GLOBAL_FLAGS, ...cmd.flags].map((f) => (f.length === 1 ? `-${f}` : `--${f}`)).join(', ')}`;
  return { ok: false, word: p.token, message: `kubectl ${cmd.verb}: ${p.message}`, hint, ...(p.notModelled ? {} : { code: 'kubectl-unknown-flag' as const }) };
}

/**
 * The kinds kubectl 1.31 has a describer of its own for (describerMap in
 * k8s.io/kubectl pkg/describe/describe.go) that the model does not print
 * (src/cluster/kubectl/printers/describe.ts keeps the same list): for these
 * the model's output would not be kubectl's, so the command is refused rather
 * than answered with a different text. Every other kind is described: with
 * its own describer, or (Event, Lease, ControllerRevision, webhooks, custom
 * resources, …) with kubectl's generic describer, as kubectl does.
 */
export const NOT_DESCRIBED_KINDS: readonly string[] = ['CSINode', 'IPAddress', 'ServiceCIDR', 'VolumeAttributesClass'];

function describeNotModelled(argv: readonly string[]): CommandCheck | undefined {
  const type = parseArgs(argv.slice(1)).words[0];
  if (type === undefined) return undefined;
  const r = resolveResource(type.split('/')[0]!);
  if (!r || !NOT_DESCRIBED_KINDS.includes(r.kind)) return undefined;
  return {
    ok: false,
    word: type,
    message: `kubectl describe ${r.resource} is not modelled by kubescene (its output would not be kubectl's)`,
    hint: `describe is modelled for every kind but ${NOT_DESCRIBED_KINDS.map((k) => resolveKindPlural(k)).join(', ')}; for these use "kubectl get ${r.resource} NAME -o yaml"`,
  };
}

function resolveKindPlural(kind: string): string {
  return resolveResource(kind.toLowerCase())?.resource ?? kind.toLowerCase();
}
