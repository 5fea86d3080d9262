/**
 * `kubectl rollout status statefulset/NAME`: GET, then a WATCH of the one
 * StatefulSet, a line per notification as StatefulSetStatusViewer prints it
 * (polymorphichelpers/rollout_status.go), until the rollout is done.
 */
import type { Obj } from '../core/object.ts';
import { asStatefulSet, type StatefulSetSpec, type StatefulSetStatus } from '../core/typed.ts';
import { resourceForKind } from '../core/resources.ts';
import { flag, rolloutTimeoutMs } from './args.ts';
import { serverError } from './resolve.ts';
import { KUBECTL_ID, type Session } from './session.ts';
import { waitWhilePassingTime } from '../components/timers.ts';

const STS = resourceForKind('StatefulSet')!;
const STATUS_POLL_MS = 500;
const MAX_WAIT_MS = 9 * 60_000;
export const STATEFULSET_TYPES = ['statefulset', 'statefulsets', 'sts', 'statefulset.apps', 'statefulsets.apps'];

/** StatefulSetStatusViewer.Status: the line and whether the rollout is done (`error` for a non-RollingUpdate set). */
export function statefulSetStatusLine(sts: Obj): { line: string; done: boolean; error?: boolean } {
  const spec: Partial<StatefulSetSpec> = asStatefulSet(sts).spec ?? {};
  const st: Partial<StatefulSetStatus> = asStatefulSet(sts).status ?? {};
  if (spec.updateStrategy?.type !== 'RollingUpdate') return { line: 'error: rollout status is only available for RollingUpdate strategy type', done: true, error: true };
  if (!st.observedGeneration || (sts.metadata.generation ?? 0) > st.observedGeneration) return { line: 'Waiting for statefulset spec update to be observed...', done: false };
  const replicas = spec.replicas ?? 1;
  const ready = st.readyReplicas ?? 0;
  if (ready < replicas) return { line: `Waiting for ${replicas - ready} pods to be ready...`, done: false };
  const partition = spec.updateStrategy?.rollingUpdate?.partition;
  if (spec.updateStrategy?.rollingUpdate) {
    const updated = st.updatedReplicas ?? 0;
    if (partition !== undefined && updated < replicas - partition) {
      return { line: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...`, done: false };
    }
    return { line: `partitioned roll out complete: ${updated} new pods have been updated...`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) return { line: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...`, done: false };
  return { line: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...`, done: true };
}

export function rolloutStatusStatefulSet(s: Session, name: string): void {
  const namespace = flag(s.args, 'namespace') ?? 'default';
  s.call({ verb: 'get', resource: STS, namespace, name }, (res) => {
    if (res.status !== 200 || !res.object) {
      s.error(serverError(res));
      return s.finish(1);
    }
    const first = statefulSetStatusLine(res.object);
    if (first.error) {
      s.error(first.line);
      return s.finish(1);
    }
    s.print(first.line);
    if (first.done) return s.finish(0);
    let active = true;
    s.last = s.w.rec.emit({
      type: 'request', from: KUBECTL_ID, to: s.w.api.id, verb: 'watch', method: 'GET',
      path: `/apis/apps/v1/namespaces/${namespace}/statefulsets?fieldSelector=metadata.name%3D${name}&watch=true`,
      resource: { kind: 'StatefulSet', resource: 'statefulsets', apiVersion: 'apps/v1', namespace, name },
      summary: `WATCH statefulsets/${name}`, cause: s.last,
    });
    let lastLine = first.line;
    s.w.api.watch({
      component: KUBECTL_ID,
      kinds: ['StatefulSet'],
      filter: (o, t) => active && t !== 'DELETED' && o.metadata.name === name && o.metadata.namespace === namespace,
      handler: (e) => {
        if (!active) return;
        s.last = e.cause;
        const st = statefulSetStatusLine(e.object);
        // kubectl prints a line per watch event; the model prints it when it changes.
        if (st.line !== lastLine) s.print(st.line);
        lastLine = st.line;
        if (!st.done) return;
        active = false;
        s.finish(0);
      },
    });
    waitWhilePassingTime(s.w, () => !active, STATUS_POLL_MS, rolloutTimeoutMs(s.args, MAX_WAIT_MS), () => {
      active = false;
      s.error('error: timed out waiting for the condition');
      s.finish(1);
    });
  });
}

