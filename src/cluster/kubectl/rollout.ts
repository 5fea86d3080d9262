/**
 * `kubectl rollout status|history|undo|restart deployment/NAME` and
 * `kubectl set image deployment/NAME CONTAINER=IMAGE`, with kubectl's own
 * requests (GET, LIST, PATCH, WATCH) and output (pkg/cmd/rollout,
 * polymorphichelpers: DeploymentStatusViewer, DeploymentHistoryViewer,
 * DeploymentRollbacker, defaultObjectRestarter; pkg/cmd/set/set_image.go).
 */
import type { Obj } from '../core/object.ts';
import { clone, timestamp } from '../core/object.ts';
import { resourceForKind } from '../core/resources.ts';
import { flag, rolloutTimeoutMs } from './args.ts';
import { serverError } from './resolve.ts';
import { KUBECTL_ID, type Session } from './session.ts';
import { waitWhilePassingTime } from '../components/timers.ts';
import { rolloutStatusStatefulSet, STATEFULSET_TYPES } from './rollout-statefulset.ts';
import { asDaemonSet, asDeployment, type DaemonSetStatus, type DeploymentObj, type ReplicaSetObj } from '../core/typed.ts';

const DEPLOY = resourceForKind('Deployment')!;
const RS = resourceForKind('ReplicaSet')!;
const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const STATUS_POLL_MS = 500;
/** Below the 10-minute settle horizon of a step, so nothing of this command leaks into the next step. */
const MAX_WAIT_MS = 9 * 60_000;
/** Annotations `rollout undo` does not copy back from the ReplicaSet (kubectl's annotationsToSkip). */
const UNDO_SKIP = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to']);


/** `deployment/web` or `deployment web` → the name, or an error already reported. */
function target(s: Session, words: string[]): string | undefined {
  const [typeArg, nameArg] = words;
  const [type, name] = typeArg?.includes('/') ? (typeArg.split('/') as [string, string]) : [typeArg ?? '', nameArg];
  if (!type) {
    s.error('error: required resource not specified');
    return undefined;
  }
  if (!['deployment', 'deployments', 'deploy', 'deployment.apps', 'deployments.apps'].includes(type)) {
    s.error(`error: kubectl rollout for "${type}" is not modelled by kubescene yet (deployments only)`);
    return undefined;
  }
  if (!name) {
    s.error('error: resource(s) were provided, but no name was specified');
    return undefined;
  }
  return name;
}

/** `statefulset/web` or `sts web` → the name (rollout status of StatefulSets: ./rollout-statefulset.ts). */
function stsTarget(words: string[]): string | undefined {
  const [typeArg, nameArg] = words;
  const [type, name] = typeArg?.includes('/') ? (typeArg.split('/') as [string, string]) : [typeArg ?? '', nameArg];
  return STATEFULSET_TYPES.includes(type) && name ? name : undefined;
}

function ns(s: Session): string {
  return flag(s.args, 'namespace') ?? 'default';
}

/** GET the Deployment, then `then(d)`; a 404 is printed as kubectl prints it. */
function getDeployment(s: Session, name: string, then: (d: DeploymentObj) => void): void {
  s.call({ verb: 'get', resource: DEPLOY, namespace: ns(s), name }, (res) => {
    if (res.status !== 200 || !res.object) {
      s.error(serverError(res));
      return s.finish(1);
    }
    then(asDeployment(res.object));
  });
}

/** LIST the ReplicaSets and keep the ones the Deployment controls (deploymentutil.GetAllReplicaSets). */
function ownedReplicaSets(s: Session, d: Obj, then: (rss: ReplicaSetObj[]) => void): void {
  s.call({ verb: 'list', resource: RS, namespace: ns(s), match: (o) => (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === d.metadata.uid) }, (res) => {
    if (res.status !== 200) {
      s.error(serverError(res));
      return s.finish(1);
    }
    then((res.items ?? []) as ReplicaSetObj[]); // a LIST of ReplicaSets
  });
}

function revisionOf(rs: Obj): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

const DAEMONSET_TYPES = ['daemonset', 'daemonsets', 'ds', 'daemonset.apps', 'daemonsets.apps'];

export function runRollout(s: Session): void {
  const [sub, ...rest] = s.args.words;
  const sts = stsTarget(rest);
  if (sub === 'status' && sts) return rolloutStatusStatefulSet(s, sts);
  const typeWord = rest[0]?.split('/')[0] ?? '';
  if (sub === 'status' && DAEMONSET_TYPES.includes(typeWord)) {
    const dsName = rest[0]?.includes('/') ? rest[0].split('/')[1] : rest[1];
    if (!dsName) {
      s.error('error: resource(s) were provided, but no name was specified');
      return s.finish(1);
    }
    return rolloutStatus(s, dsName, 'DaemonSet');
  }
  const name = sub ? target(s, rest) : undefined;
  if (!sub) s.error('error: you must specify a subcommand: history, pause, restart, resume, status, undo');
  if (!name) return s.finish(1);
  switch (sub) {
    case 'status':
      return rolloutStatus(s, name);
    case 'history':
      return rolloutHistory(s, name);
    case 'undo':
      return rolloutUndo(s, name);
    case 'restart':
      return rolloutRestart(s, name);
    default:
      s.error(`error: kubectl rollout ${sub} is not modelled by kubescene yet`);
      s.finish(1);
  }
}

/** DeploymentStatusViewer.Status: the line kubectl prints and whether the rollout is done. */
export function deploymentStatusLine(d: Obj): { line: string; done: boolean } {
  const name = d.metadata.name;
  const st = asDeployment(d).status ?? {};
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { line: 'Waiting for deployment spec update to be observed...', done: false };
  const cond = (st.conditions ?? []).find((c) => c.type === 'Progressing');
  if (cond?.reason === 'ProgressDeadlineExceeded') return { line: `error: deployment "${name}" exceeded its progress deadline`, done: true };
  const want = asDeployment(d).spec.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const replicas = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  if (updated < want) return { line: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...`, done: false };
  if (replicas > updated) return { line: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...`, done: false };
  if (available < updated) return { line: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`, done: false };
  return { line: `deployment "${name}" successfully rolled out`, done: true };
}

/** DaemonSetStatusViewer.Status: the line kubectl prints and whether the rollout is done. */
export function daemonSetStatusLine(obj: Obj): { line: string; done: boolean } {
  const d = asDaemonSet(obj);
  const name = d.metadata.name;
  const st: Partial<DaemonSetStatus> = d.status ?? {};
  if ((d.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { line: 'error: rollout status is only available for RollingUpdate strategy type', done: true };
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { line: 'Waiting for daemon set spec update to be observed...', done: false };
  const desired = st.desiredNumberScheduled ?? 0;
  if ((st.updatedNumberScheduled ?? 0) < desired) return { line: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...`, done: false };
  if ((st.numberAvailable ?? 0) < desired) return { line: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...`, done: false };
  return { line: `daemon set "${name}" successfully rolled out`, done: true };
}

/** GET, then a WATCH of the one Deployment (or DaemonSet): a status line per notification until the rollout is done. */
function rolloutStatus(s: Session, name: string, kind: 'Deployment' | 'DaemonSet' = 'Deployment'): void {
  const namespace = ns(s);
  const statusLine = kind === 'Deployment' ? deploymentStatusLine : daemonSetStatusLine;
  const resource = kind === 'Deployment' ? DEPLOY : resourceForKind('DaemonSet')!;
  const get = (then: (d: Obj) => void): void =>
    s.call({ verb: 'get', resource, namespace, name }, (res) => {
      if (res.status !== 200 || !res.object) {
        s.error(serverError(res));
        return s.finish(1);
      }
      then(res.object);
    });
  get((d) => {
    const first = statusLine(d);
    s.print(first.line);
    if (first.done) return s.finish(first.line.startsWith('error:') ? 1 : 0);
    let active = true;
    s.last = s.w.rec.emit({
      type: 'request',
      from: KUBECTL_ID,
      to: s.w.api.id,
      verb: 'watch',
      method: 'GET',
      path: `/apis/apps/v1/namespaces/${namespace}/${resource.resource}?fieldSelector=metadata.name%3D${name}&watch=true`,
      resource: { kind, resource: resource.resource, apiVersion: 'apps/v1', namespace, name },
      summary: `WATCH ${resource.resource}/${name}`,
      cause: s.last,
    });
    s.w.api.watch({
      component: KUBECTL_ID,
      kinds: [kind],
      filter: (o, t) => active && t !== 'DELETED' && o.metadata.name === name && o.metadata.namespace === namespace,
      handler: (e) => {
        if (!active) return;
        s.last = e.cause;
        const st = statusLine(e.object);
        s.print(st.line);
        if (!st.done) return;
        active = false;
        s.finish(st.line.startsWith('error:') ? 1 : 0);
      },
    });
    // kubectl waits in real time: the cluster's timers (readiness probes, back-offs) fire meanwhile.
    waitWhilePassingTime(s.w, () => !active, STATUS_POLL_MS, rolloutTimeoutMs(s.args, MAX_WAIT_MS), () => {
      active = false;
      s.error('error: timed out waiting for the condition');
      s.finish(1);
    });
  });
}


/** DeploymentHistoryViewer: a REVISION / CHANGE-CAUSE table, kubectl's tabwriter (padding 2). */
function rolloutHistory(s: Session, name: string): void {
  getDeployment(s, name, (d) =>
    ownedReplicaSets(s, d, (rss) => {
      const want = Number(flag(s.args, 'revision') ?? '0');
      const rows = rss.map((rs) => ({ rev: revisionOf(rs), cause: rs.metadata.annotations?.[CHANGE_CAUSE] || '<none>', rs })).filter((r) => r.rev > 0).sort((a, b) => a.rev - b.rev);
      if (want > 0) {
        const row = rows.find((r) => r.rev === want);
        if (!row) {
          s.error(`error: unable to find the specified revision`);
          return s.finish(1);
        }
        s.print(`deployment.apps/${name} with revision #${want}`);
        s.print(podTemplateText(row.rs));
        return s.finish(0);
      }
      s.print(`deployment.apps/${name} `);
      const width = Math.max('REVISION'.length, ...rows.map((r) => String(r.rev).length)) + 2;
      s.print(`${'REVISION'.padEnd(width)}CHANGE-CAUSE`);
      for (const r of rows) s.print(`${String(r.rev).padEnd(width)}${r.cause}`);
      s.finish(0);
    }),
  );
}

/** The `--revision=N` detail (a short form of kubectl's pod template description). */
function podTemplateText(rs: ReplicaSetObj): string {
  const t = rs.spec.template ?? {};
  const labels = Object.entries(t.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  const lines = ['Pod Template:', `  Labels:\t${labels.join('\n\t')}`, '  Containers:'];
  for (const c of t.spec?.containers ?? []) lines.push(`   ${c.name}:`, `    Image:\t${c.image}`);
  return lines.join('\n');
}

/** DeploymentRollbacker: copy the chosen ReplicaSet's template (and annotations) back into the Deployment. */
function rolloutUndo(s: Session, name: string): void {
  getDeployment(s, name, (d) => {
    if (d.spec.paused) {
      s.error("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
      return s.finish(1);
    }
    ownedReplicaSets(s, d, (rss) => {
      const toRevision = Number(flag(s.args, 'to-revision') ?? '0');
      const byRev = rss.filter((r) => revisionOf(r) > 0).sort((a, b) => revisionOf(b) - revisionOf(a));
      const chosen = toRevision > 0 ? byRev.find((r) => revisionOf(r) === toRevision) : byRev[1];
      if (!chosen) {
        s.error(toRevision > 0 ? `error: unable to find specified revision ${toRevision} in history` : `error: no rollout history found for deployment "${name}"`);
        return s.finish(1);
      }
      const template = clone(chosen.spec.template);
      if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
      if (JSON.stringify(template) === JSON.stringify(d.spec.template)) {
        s.print(`deployment.apps/${name} skipped rollback (current template already matches revision ${revisionOf(chosen)})`);
        return s.finish(0);
      }
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries(chosen.metadata.annotations ?? {})) if (!UNDO_SKIP.has(k)) annotations[k] = v;
      s.call(
        {
          verb: 'patch',
          resource: DEPLOY,
          namespace: ns(s),
          name,
          note: `(rollback to revision ${revisionOf(chosen)})`,
          patch: (live) => {
            asDeployment(live).spec.template = clone(template);
            const keep: Record<string, string> = {};
            for (const [k, v] of Object.entries(live.metadata.annotations ?? {})) if (UNDO_SKIP.has(k)) keep[k] = v;
            live.metadata.annotations = { ...keep, ...annotations };
            return live;
          },
        },
        (res) => {
          if (res.status !== 200) {
            s.error(serverError(res));
            return s.finish(1);
          }
          s.print(`deployment.apps/${name} rolled back`);
          s.finish(0);
        },
      );
    });
  });
}

/** defaultObjectRestarter: stamp the pod template with kubectl.kubernetes.io/restartedAt (simulated time, RFC 3339). */
function rolloutRestart(s: Session, name: string): void {
  getDeployment(s, name, (d) => {
    if (d.spec.paused) {
      s.error(`error: deployments.apps "${name}" can't restart paused deployment (run rollout resume first)`);
      return s.finish(1);
    }
    const at = timestamp(s.w.clock.now());
    s.call(
      {
        verb: 'patch',
        resource: DEPLOY,
        namespace: ns(s),
        name,
        note: `(restartedAt ${at})`,
        patch: (live) => {
          const t = asDeployment(live).spec.template;
          const meta = (t.metadata = t.metadata ?? {});
          meta.annotations = { ...(meta.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': at };
          return live;
        },
      },
      (res) => {
        if (res.status !== 200) {
          s.error(serverError(res));
          return s.finish(1);
        }
        s.print(`deployment.apps/${name} restarted`);
        s.finish(0);
      },
    );
  });
}

/** `kubectl set image deployment/web nginx=nginx:1.28 [more=…]`. */
export function runSetImage(s: Session): void {
  const [what, ...rest] = s.args.words;
  if (what !== 'image') {
    s.error(what ? `error: kubectl set ${what} is not modelled by kubescene yet` : 'error: you must specify a subcommand: env, image, resources, selector, serviceaccount, subject');
    return s.finish(1);
  }
  const pairs = rest.filter((w) => w.includes('='));
  const name = target(s, rest.filter((w) => !w.includes('=')));
  if (!name) return s.finish(1);
  if (pairs.length === 0) {
    s.error('error: at least one image update is required');
    return s.finish(1);
  }
  const images = new Map(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const));
  getDeployment(s, name, (d) => {
    const tpl = asDeployment(d).spec.template.spec!;
    const names = [...(tpl.initContainers ?? []), ...(tpl.containers ?? [])].map((c) => c.name);
    for (const c of images.keys()) {
      if (c !== '*' && !names.includes(c)) {
        s.error(`error: unable to find container named "${c}"`);
        return s.finish(1);
      }
    }
    s.call(
      {
        verb: 'patch',
        resource: DEPLOY,
        namespace: ns(s),
        name,
        note: `(${pairs.join(' ')})`,
        patch: (live) => {
          let changed = false;
          const spec = asDeployment(live).spec.template.spec!; // validation: a Deployment's template has a pod spec
          for (const list of [spec.initContainers, spec.containers]) {
            for (const c of list ?? []) {
              const img = images.get(c.name) ?? images.get('*');
              if (img !== undefined && c.image !== img) {
                c.image = img;
                changed = true;
              }
            }
          }
          return changed ? live : null;
        },
      },
      (res) => {
        if (res.status !== 200) {
          s.error(serverError(res));
          return s.finish(1);
        }
        s.print(`deployment.apps/${name} image updated`);
        s.finish(0);
      },
    );
  });
}
