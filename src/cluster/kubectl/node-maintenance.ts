/**
 * kubectl's metadata and node-maintenance commands, with kubectl's own
 * output: `label` and `annotate` (a PATCH of metadata), `taint nodes`,
 * `cordon` / `uncordon` (PATCH spec.unschedulable) and `drain` (cordon, then
 * evict every pod through the Eviction API, retrying while a
 * PodDisruptionBudget refuses, and wait until they are gone).
 */
import { parallel } from '../core/async.ts';
import { formatDuration, tryParseDuration } from '../../scenario/duration.ts';
import { waitWhilePassingTime } from '../components/timers.ts';
import { clone, controllerOf, type Obj } from '../core/object.ts';
import { labelValueErrors } from '../core/names.ts';
import { resourceForKind } from '../core/resources.ts';
import { parseTaintArgs, updateTaints, type TaintUpdate } from '../core/taints.ts';
import { flag, hasFlag } from './args.ts';
import { kindName, resolveType, serverError } from './resolve.ts';
import type { Session } from './session.ts';
import { type PodObj, asNode, asPod } from '../core/typed.ts';
import { isPodPhaseTerminal } from '../core/pod-phase.ts';

const NODE = resourceForKind('Node')!;
const POD = resourceForKind('Pod')!;
/**
 * kubectl drain without --timeout waits forever (drain.go evictPods: timeout 0
 * is math.MaxInt64); the model stops it after 9 min of simulated time, below
 * the 10-minute settle horizon of a step (a simplification the trace lists).
 */
export const DRAIN_MAX_MS = 9 * 60_000;

/** `kubectl label|annotate TYPE NAME k=v [k2-] [--overwrite]`. */
function runMetadata(s: Session, field: 'labels' | 'annotations'): void {
  const [typeArg, maybeName, ...rest] = s.args.words;
  const [typeName, slashName] = typeArg?.includes('/') ? (typeArg.split('/') as [string, string]) : [typeArg ?? '', undefined];
  const name = slashName ?? maybeName;
  const pairs = slashName ? [maybeName, ...rest].filter((x): x is string => x !== undefined) : rest;
  const r = resolveType(typeName, s.w.api.customResources());
  if (!r || !name || pairs.length === 0) {
    s.error(!r ? `error: the server doesn't have a resource type "${typeName}"` : `error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
    return s.finish(1);
  }
  if (field === 'labels') {
    // kubectl label's parseLabels: a value is checked before any request (the API server checks the keys).
    for (const p of pairs) {
      if (!p.includes('=')) continue;
      const parts = p.split('=');
      const bad = parts.length === 2 ? labelValueErrors(parts[1]!) : [];
      if (parts.length !== 2 || bad.length > 0) {
        s.error(parts.length !== 2 ? `error: invalid label spec: ${p}` : `error: invalid label value: ${JSON.stringify(p)}: ${bad.join(';')}`);
        return s.finish(1);
      }
    }
  }
  const overwrite = hasFlag(s.args, 'overwrite');
  const namespace = r.namespaced ? (flag(s.args, 'namespace') ?? 'default') : undefined;
  // kubectl's builder has .Latest() (label.go RunLabel, annotate.go RunAnnotate): it GETs the object, checks
  // --overwrite against it (validateNoOverwrites / updateAnnotations) and computes the merge patch from it.
  s.call({ verb: 'get', resource: r, namespace, name }, (got) => {
    if (got.status !== 200 || !got.object) {
      s.error(serverError(got));
      return s.finish(1);
    }
    const change = metadataChange(got.object.metadata[field] ?? {}, pairs, overwrite);
    if (!change.ok) {
      s.error(change.error);
      return s.finish(1);
    }
    // label sends no PATCH when no label is added or removed and prints "not labeled" (updateDataChangeMsg);
    // annotate always sends its (possibly empty) merge patch.
    const message = field === 'labels' ? labelChangeMessage(change) : 'annotated';
    if (field === 'labels' && change.added.length === 0 && change.removed.length === 0) {
      s.print(`${kindName(r)}/${name} ${message}`);
      return s.finish(0);
    }
    s.call(
      {
        verb: 'patch', resource: r, namespace, name, note: pairs.join(' '),
        // The merge patch kubectl computed: the set keys and the removed ones, applied to the live object.
        patch: (live) => {
          const m: Record<string, string> = { ...(live.metadata[field] ?? {}) };
          for (const k of change.removed) delete m[k];
          for (const [k, v] of change.set) m[k] = v;
          if (JSON.stringify(m) === JSON.stringify(live.metadata[field] ?? {})) return null;
          const next = clone(live);
          next.metadata[field] = m;
          return next;
        },
      },
      (res) => {
        if (res.status !== 200) {
          s.error(serverError(res));
          return s.finish(1);
        }
        s.print(`${kindName(r)}/${name} ${message}`);
        s.finish(0);
      },
    );
  });
}

/** What `k=v` / `k-` arguments change in a label or annotation map, as kubectl computes it from the object it got. */
export type MetadataChange =
  | { ok: true; set: [string, string][]; added: string[]; removed: string[] }
  | { ok: false; error: string };

/**
 * label.go labelFunc / validateNoOverwrites and annotate.go updateAnnotations: without --overwrite a key that
 * already has another value is refused; `added` are the keys whose value changes, `removed` the present keys removed.
 */
export function metadataChange(current: Readonly<Record<string, string>>, pairs: readonly string[], overwrite: boolean): MetadataChange {
  const set: [string, string][] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const p of pairs) {
    if (p.endsWith('-') && !p.includes('=')) {
      const k = p.slice(0, -1);
      if (current[k] !== undefined && !removed.includes(k)) removed.push(k);
      continue;
    }
    const [k, v = ''] = p.split(/=(.*)/s) as [string, string?];
    const old = current[k];
    if (old !== undefined && old !== v && !overwrite) return { ok: false, error: `error: '${k}' already has a value (${old}), and --overwrite is false` };
    set.push([k, v]);
    if (old !== v) added.push(k);
  }
  return { ok: true, set, added, removed };
}

/** label.go updateDataChangeMsg. */
function labelChangeMessage(c: { added: readonly string[]; removed: readonly string[] }): string {
  if (c.added.length > 0 && c.removed.length > 0) return 'modified';
  if (c.added.length > 0) return 'labeled';
  return c.removed.length > 0 ? 'unlabeled' : 'not labeled';
}

/** `kubectl taint nodes NAME key[=value]:Effect[-] [--overwrite]`, with kubectl's parsing, refusals and messages (core/taints.ts). */
function runTaint(s: Session): void {
  const [typeArg, name, ...specs] = s.args.words;
  if (!typeArg || !['node', 'nodes', 'no'].includes(typeArg) || !name || specs.length === 0) {
    s.error('error: at least one taint update is required');
    return s.finish(1);
  }
  const parsed = parseTaintArgs(specs);
  if (!parsed.ok) {
    s.error(`error: ${parsed.error}`);
    return s.finish(1);
  }
  const overwrite = hasFlag(s.args, 'overwrite');
  let outcome: TaintUpdate | undefined;
  s.call(
    {
      verb: 'patch', resource: NODE, name, note: specs.join(' '),
      patch: (live) => {
        outcome = updateTaints(name, asNode(live).spec?.taints ?? [], parsed.add, parsed.remove, overwrite);
        if (!outcome.ok) return null;
        const next = asNode(clone(live));
        next.spec = { ...next.spec, taints: outcome.taints };
        if (outcome.taints.length === 0) delete next.spec.taints;
        return next;
      },
    },
    (res) => {
      if (outcome && !outcome.ok) {
        s.error(`error: ${outcome.error}`);
        return s.finish(1);
      }
      if (res.status !== 200) {
        s.error(serverError(res));
        return s.finish(1);
      }
      s.print(`node/${name} ${outcome?.ok ? outcome.operation : 'tainted'}`);
      s.finish(0);
    },
  );
}

/**
 * kubectl cordon / uncordon / drain (cmd/drain RunCordonOrUncordon): the
 * resource builder GETs the Node, drain.CordonHelper.UpdateIfRequired
 * compares spec.unschedulable with what is wanted, and only a change is
 * PATCHed; `then` gets false when the node was already in that state (no
 * PATCH is sent: kubectl prints `already cordoned`).
 */
function setUnschedulable(s: Session, name: string, value: boolean, then: (changed: boolean) => void): void {
  s.call({ verb: 'get', resource: NODE, name }, (got) => {
    if (got.status !== 200 || got.object === undefined) {
      s.error(serverError(got));
      return s.finish(1);
    }
    if (Boolean(asNode(got.object).spec?.unschedulable) === value) return then(false);
    s.call(
      {
        verb: 'patch', resource: NODE, name, note: `unschedulable=${value}`,
        patch: (live) => {
          const next = asNode(clone(live));
          next.spec = { ...next.spec };
          if (value) next.spec.unschedulable = true;
          else delete next.spec.unschedulable;
          return next;
        },
      },
      (res) => {
        if (res.status !== 200) {
          s.error(serverError(res));
          return s.finish(1);
        }
        then(true);
      },
    );
  });
}

function runCordon(s: Session, value: boolean): void {
  const name = s.args.words[0];
  if (!name) {
    s.error('error: USAGE: cordon NODE [flags]');
    return s.finish(1);
  }
  const word = value ? 'cordoned' : 'uncordoned';
  setUnschedulable(s, name, value, (changed) => {
    s.print(`node/${name} ${changed ? '' : 'already '}${word}`);
    s.finish(0);
  });
}

/** kubectl drain's pod filters (k8s.io/kubectl/pkg/drain/filters.go): fatal and warning messages. */
const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'Pods declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
/** drain.go: a refused eviction (429) is retried after 5 s; waitForDelete polls every second. */
export const DRAIN_RETRY_MS = 5000;

export interface DrainFlags {
  ignoreDaemonSets: boolean;
  force: boolean;
  deleteEmptyDirData: boolean;
  /** Names of the DaemonSets that exist (a pod of a missing DaemonSet is an orphan). */
  daemonSetExists: (namespace: string, name: string) => boolean;
}

/**
 * GetPodsForDeletion: runs the filters in kubectl's order (daemonSet,
 * mirror, localStorage, unreplicated) over the node's pods and returns the
 * pods to evict, the warnings (`Warning: <msg>: ns/pod, …`) and the fatal
 * errors (`cannot delete <msg>: ns/pod, …`), grouped by message.
 */
export function podsForDeletion(pods: readonly PodObj[], f: DrainFlags): { evict: PodObj[]; warnings: string[]; errors: string[] } {
  const warn = new Map<string, string[]>();
  const fatal = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, msg: string, p: PodObj) => m.set(msg, [...(m.get(msg) ?? []), `${p.metadata.namespace}/${p.metadata.name}`]);
  const evict: PodObj[] = [];
  for (const p of [...pods].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))) {
    const ref = controllerOf(p);
    const finished = isPodPhaseTerminal(p.status?.phase);
    if (ref?.kind === 'DaemonSet' && f.daemonSetExists(p.metadata.namespace ?? 'default', ref.name)) {
      if (f.ignoreDaemonSets) add(warn, DAEMONSET_WARNING, p);
      else add(fatal, DAEMONSET_FATAL, p);
      continue;
    }
    if (p.metadata.annotations?.['kubernetes.io/config.mirror']) continue;
    if (!finished && (p.spec?.volumes ?? []).some((v) => v.emptyDir)) {
      if (!f.deleteEmptyDirData) {
        add(fatal, LOCAL_STORAGE_FATAL, p);
        continue;
      }
      add(warn, LOCAL_STORAGE_WARNING, p);
    }
    if (!finished && (!ref || (ref.kind === 'DaemonSet' && !f.daemonSetExists(p.metadata.namespace ?? 'default', ref.name)))) {
      if (!f.force) {
        add(fatal, UNMANAGED_FATAL, p);
        continue;
      }
      add(warn, UNMANAGED_WARNING, p);
    }
    evict.push(p);
  }
  return {
    evict,
    warnings: [...warn].map(([msg, ps]) => `${msg}: ${ps.join(', ')}`),
    errors: [...fatal].sort(([a], [b]) => a.localeCompare(b)).map(([msg, ps]) => `cannot delete ${msg}: ${ps.join(', ')}`),
  };
}

/**
 * `kubectl drain NODE [--ignore-daemonsets] [--force] [--delete-emptydir-data] [--timeout=D] [--grace-period=N]`:
 * cordon, list the node's pods, filter them as kubectl does, then evict every
 * pod at once (one goroutine each in kubectl): a refused eviction (429, a
 * PodDisruptionBudget) prints kubectl's retry line and is tried again after
 * 5 s of simulated time; an accepted one is followed until the pod is gone
 * (`pod/x evicted`). `--timeout` (default 0: no limit) ends it with
 * kubectl's global-timeout error, exit 1.
 */
function runDrain(s: Session): void {
  const name = s.args.words[0];
  if (!name) {
    s.error('error: USAGE: drain NODE [flags]');
    return s.finish(1);
  }
  const t = flag(s.args, 'timeout');
  const timeoutMs = t === undefined ? 0 : tryParseDuration(t);
  if (timeoutMs === undefined) {
    s.error(`error: invalid argument "${t}" for "--timeout" flag: time: invalid duration "${t}"`);
    return s.finish(1);
  }
  // drain.go: --grace-period (default -1: each pod's own terminationGracePeriodSeconds) goes into every
  // eviction's DeleteOptions (Helper.makeDeleteOptions: set only when >= 0).
  const graceText = flag(s.args, 'grace-period');
  if (graceText !== undefined && !/^-?\d+$/.test(graceText)) {
    s.error(`error: invalid argument "${graceText}" for "--grace-period" flag: strconv.ParseInt: parsing "${graceText}": invalid syntax`);
    return s.finish(1);
  }
  const grace = graceText === undefined ? -1 : Number(graceText);
  const fail = (err: string): void => {
    s.error(`error: unable to drain node "${name}" due to error: ${err}, continuing command...`);
    s.error('There are pending nodes to be drained:');
    s.error(` ${name}`);
    s.error(err.startsWith('error: ') ? err : `error: ${err}`);
    s.finish(1);
  };
  setUnschedulable(s, name, true, (changed) => {
    s.print(`node/${name} ${changed ? '' : 'already '}cordoned`);
    // kubectl lists the node's pods with a field selector on spec.nodeName.
    s.call({ verb: 'list', resource: POD, match: (p) => asPod(p).spec?.nodeName === name, note: `fieldSelector=spec.nodeName=${name}` }, (res) => {
      const list = podsForDeletion((res.items ?? []).map(asPod), {
        ignoreDaemonSets: hasFlag(s.args, 'ignore-daemonsets'),
        force: hasFlag(s.args, 'force'),
        deleteEmptyDirData: hasFlag(s.args, 'delete-emptydir-data') || hasFlag(s.args, 'delete-local-data'),
        daemonSetExists: (ns, ds) => s.w.api.cache.get('DaemonSet', `/registry/daemonsets/${ns}/${ds}`) !== undefined,
      });
      if (list.errors.length > 0) {
        const err = list.errors.length === 1 ? list.errors[0]! : `[${list.errors.join(', ')}]`;
        return fail(err);
      }
      if (list.warnings.length > 0) s.error(`Warning: ${list.warnings.join('; ')}`);
      const start = s.w.clock.now();
      // --timeout=D is honoured whatever its length (the clock is simulated): the step runs until it ends.
      // --timeout=0 (the default) waits forever; the model stops after DRAIN_MAX_MS (a simplification).
      const deadline = start + (timeoutMs > 0 ? timeoutMs : DRAIN_MAX_MS);
      if (timeoutMs > 0) s.runsUntil = deadline;
      const errors: string[] = [];
      parallel(list.evict.map((p) => (next: () => void) => evictLoop(s, p, deadline, timeoutMs, grace, (err) => {
        if (err) errors.push(err);
        next();
      })), () => {
        if (errors.length === 0) {
          s.print(`node/${name} drained`);
          return s.finish(0);
        }
        const err = errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
        const pending = s.w.api.cache.list('Pod').filter((p) => p.spec?.nodeName === name && list.evict.some((e) => e.metadata.name === p.metadata.name && e.metadata.namespace === p.metadata.namespace));
        if (pending.length > 0) {
          s.error(`There are pending pods in node "${name}" when an error occurred: ${err}`);
          for (const p of pending) s.error(`pod/${p.metadata.name}`);
        }
        fail(err);
      });
    });
  });
}

/** One pod's goroutine of evictPods: POST the eviction until accepted (429: retry after 5 s), then wait for the pod to go. */
function evictLoop(s: Session, p: PodObj, deadline: number, timeoutMs: number, grace: number, done: (err?: string) => void): void {
  const ns = p.metadata.namespace ?? 'default';
  const pod = p.metadata.name;
  // drain.go evictPods: the global timeout ends the eviction loop or waitForDelete. Without --timeout kubectl never
  // gets there; the model's own stop after DRAIN_MAX_MS says so instead of a kubectl message.
  const reached = timeoutMs > 0 ? `global timeout reached: ${formatDuration(timeoutMs)}` : `kubescene stopped the drain after ${formatDuration(DRAIN_MAX_MS)} (kubectl without --timeout waits forever)`;
  const timedOut = () => `error when evicting pods/"${pod}" -n "${ns}": ${reached}`;
  const notGone = () => `error when waiting for pod "${pod}" in namespace "${ns}" to terminate: ${reached}`;
  const attempt = (): void => {
    // drain.go prints "evicting pod" at the top of each round, then checks the global timeout.
    s.print(`evicting pod ${ns}/${pod}`);
    if (s.w.clock.now() >= deadline) return done(timedOut());
    // EvictPod: the Eviction carries makeDeleteOptions(); the API server deletes the pod with them (eviction.go).
    const deleteOptions = grace >= 0 ? { gracePeriodSeconds: grace } : undefined;
    const body: Obj = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: ns }, ...(deleteOptions ? { deleteOptions } : {}) };
    s.call({ verb: 'create', resource: POD, namespace: ns, name: pod, subresource: 'eviction', body, ...(deleteOptions ?? {}) }, (res) => {
      if (res.status === 404) return done();
      if (res.status === 429) {
        s.error(`error when evicting pods/"${pod}" -n "${ns}" (will retry after 5s): ${res.message ?? ''}`);
        return waitWhilePassingTime(s.w, () => false, 1000, Math.min(DRAIN_RETRY_MS, Math.max(0, deadline - s.w.clock.now())), attempt);
      }
      if (res.status >= 400) return done(`error when evicting pods/"${pod}" -n "${ns}": ${res.message ?? ''}`);
      // waitForDelete: poll every second until the pod (this uid) is gone.
      const key = `/registry/pods/${ns}/${pod}`;
      const gone = () => {
        const live = s.w.api.cache.get('Pod', key);
        return !live || live.metadata.uid !== p.metadata.uid;
      };
      const finish = (): void => {
        if (!gone()) return done(notGone());
        s.print(`pod/${pod} evicted`);
        done();
      };
      if (gone()) return finish();
      let finished = false;
      const once = (): void => {
        if (finished) return;
        finished = true;
        finish();
      };
      waitWhilePassingTime(s.w, () => {
        if (!gone()) return false;
        once();
        return true;
      }, 1000, Math.max(0, deadline - s.w.clock.now()), once);
    });
  };
  attempt();
}

export const MAINTENANCE_VERBS: Record<string, (s: Session) => void> = {
  label: (s) => runMetadata(s, 'labels'),
  annotate: (s) => runMetadata(s, 'annotations'),
  taint: runTaint,
  cordon: (s) => runCordon(s, true),
  uncordon: (s) => runCordon(s, false),
  drain: runDrain,
};
