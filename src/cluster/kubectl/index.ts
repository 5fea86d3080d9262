/**
 * kubectl: turns a command line into API requests, exactly as kubectl does,
 * and produces its stdout, stderr and exit code. `run` starts the command on
 * the simulation clock; `onDone` fires when kubectl would exit.
 */
import type { ScenarioFile } from '../../scenario/types.ts';
import type { Identity } from '../apiserver/identity.ts';
import type { World } from '../components/world.ts';
import { parseArgs } from './args.ts';
import { runApply } from './apply.ts';
import { runDescribe, runGet } from './read.ts';
import { Session, type KubectlResult } from './session.ts';
import { runCreateDeployment, runDelete, runScale } from './write.ts';
import { runRollout, runSetImage } from './rollout.ts';
import { runAutoscale } from './autoscale.ts';
import { PLATFORM_VERBS } from './platform.ts';
import { CREATE_GENERATORS } from './create-extra.ts';
import { runExpose } from './expose.ts';
import { runWait } from './wait.ts';
import { MODELLED_KUBECTL, unknownFlag } from '../../scenario/kubectl-commands.ts';

export { KUBECTL_ID, type KubectlResult } from './session.ts';

/**
 * The verbs the model implements (the loader refuses the others with
 * `kubectl-not-modelled`: ../../scenario/kubectl-commands.ts); a command that
 * reaches the dispatcher anyway is reported as not modelled (exit 1), never faked.
 */
export { MODELLED_VERBS as KUBECTL_VERBS } from '../../scenario/kubectl-commands.ts';

/** Verbs whose help is per subcommand (`See 'kubectl rollout status --help'`). */
const SUBCOMMAND_VERBS: ReadonlySet<string> = new Set(MODELLED_KUBECTL.filter((c) => c.sub && c.verb !== 'top').map((c) => c.verb));

export function runKubectl(w: World, argv: string[], who: Identity, files: Record<string, ScenarioFile>, onDone: (r: KubectlResult) => void): Session {
  const [verb, ...rest] = argv;
  const s = new Session(w, who, files, parseArgs(rest), onDone);
  // A flag kubectl does not have (or the model does not run) is cobra's error before anything is sent.
  const bad = verb ? unknownFlag(argv) : undefined;
  if (bad) {
    s.error(bad.notModelled ? `error: ${bad.message}` : `error: ${bad.message}\nSee 'kubectl ${verb}${s.args.words[0] && SUBCOMMAND_VERBS.has(verb!) ? ` ${s.args.words[0]}` : ''} --help' for usage.`);
    s.finish(1);
    return s;
  }
  switch (verb) {
    case 'apply':
      if (!s.args.flags.has('filename') && !s.args.flags.has('kustomize')) {
        s.error('error: must specify one of -f and -k');
        s.finish(1);
        break;
      }
      runApply(s, 'apply');
      break;
    case 'create':
      if (s.args.words[0] === 'deployment' || s.args.words[0] === 'deploy') runCreateDeployment(s, s.args.words[1]);
      else if (s.args.flags.has('filename')) runApply(s, 'create');
      // namespace, configmap, secret generic: ./create-extra.ts.
      else if (Object.hasOwn(CREATE_GENERATORS, s.args.words[0] ?? '')) CREATE_GENERATORS[s.args.words[0]!]!(s, s.args.words[1]);
      else {
        s.error(`error: kubectl create ${s.args.words[0] ?? ''} is not modelled by kubescene yet`);
        s.finish(1);
      }
      break;
    case 'get':
      runGet(s);
      break;
    case 'describe':
      runDescribe(s);
      break;
    case 'delete':
      runDelete(s);
      break;
    case 'scale':
      runScale(s);
      break;
    // Rollouts and autoscaling: ./rollout.ts, ./autoscale.ts.
    case 'rollout':
      runRollout(s);
      break;
    case 'set':
      runSetImage(s);
      break;
    case 'autoscale':
      runAutoscale(s);
      break;
    case 'expose':
      runExpose(s);
      break;
    // kubectl wait --for=condition|delete|create|jsonpath: ./wait.ts.
    case 'wait':
      runWait(s);
      break;
    default:
      // auth, logs, exec, label, annotate, cordon, drain …: ./platform.ts.
      if (verb && Object.hasOwn(PLATFORM_VERBS, verb)) {
        PLATFORM_VERBS[verb]!(s);
        break;
      }
      s.error(verb ? `error: kubectl ${verb} is not modelled by kubescene yet` : 'error: no command given');
      s.finish(1);
  }
  return s;
}
