/**
 * The kubectl commands the cluster model implements (src/cluster/kubectl/),
 * checked when the scenario is loaded: a command the model does not run fails
 * `validate`, `trace` and `build` up front with `kubectl-not-modelled` at the
 * command's word, instead of failing at run time. docs/scenario-format.md
 * ("Modelled kubectl commands") shows the same table.
 */
import { parseArgs } from './argv.ts';

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
}

const TOP_KINDS = { pod: null, pods: null, po: null, node: null, nodes: null, no: null } as const;

export const MODELLED_KUBECTL: readonly ModelledCommand[] = [
  { verb: 'apply', summary: 'apply -f FILE|DIR (client-side, --server-side)' },
  { verb: 'create', sub: { deployment: null, deploy: null, namespace: null, ns: null, configmap: null, cm: null, secret: ['generic'] }, subOrFile: true, summary: 'create -f, create deployment|namespace|configmap|secret generic' },
  { verb: 'get', summary: 'get TYPE [NAME] (-o wide|yaml|json|name|jsonpath, -l, -A, -w)' },
  { verb: 'describe', summary: 'describe TYPE NAME' },
  { verb: 'delete', summary: 'delete TYPE NAME | -f FILE' },
  { verb: 'scale', summary: 'scale TYPE/NAME --replicas=N' },
  { verb: 'rollout', sub: { status: null, history: null, undo: null, restart: null }, summary: 'rollout status|history|undo|restart' },
  { verb: 'set', sub: { image: null }, summary: 'set image' },
  { verb: 'autoscale', summary: 'autoscale deployment NAME --min --max --cpu-percent' },
  { verb: 'expose', summary: 'expose deployment|pod NAME --port' },
  { verb: 'wait', summary: 'wait --for=condition|delete|create|jsonpath (TYPE/NAME, -l, --all, -f FILE)' },
  { verb: 'auth', sub: { 'can-i': null }, summary: 'auth can-i VERB RESOURCE' },
  { verb: 'logs', summary: 'logs POD|deployment/NAME (API server → kubelet)' },
  { verb: 'exec', summary: 'exec POD -- COMMAND (API server → kubelet → runtime)' },
  { verb: 'label', summary: 'label TYPE NAME k=v' },
  { verb: 'annotate', summary: 'annotate TYPE NAME k=v' },
  { verb: 'taint', summary: 'taint nodes NAME k=v:Effect' },
  { verb: 'cordon', summary: 'cordon NODE' },
  { verb: 'uncordon', summary: 'uncordon NODE' },
  { verb: 'drain', summary: 'drain NODE (evictions)' },
  { verb: 'top', sub: TOP_KINDS, summary: 'top pods|nodes (metrics-server)' },
  { verb: 'port-forward', summary: 'port-forward POD|TYPE/NAME [LOCAL:]REMOTE (API server → kubelet stream)' },
  { verb: 'cp', summary: 'cp POD:PATH LOCAL | LOCAL POD:PATH (exec tar through the API server)' },
  { verb: 'events', summary: 'events [--for TYPE/NAME] [--types]' },
  { verb: 'api-resources', summary: 'api-resources [--namespaced] [--api-group] [-o wide|name]' },
];

/** The verbs of `MODELLED_KUBECTL`, in table order. */
export const MODELLED_VERBS: readonly string[] = MODELLED_KUBECTL.map((c) => c.verb);

export type CommandCheck = { ok: true } | { ok: false; word: string; message: string; hint: string };

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
  if (!cmd.sub) return { ok: true };
  const args = parseArgs(argv.slice(1));
  if (cmd.subOrFile && args.flags.has('filename')) return { ok: true };
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
  return { ok: true };
}
