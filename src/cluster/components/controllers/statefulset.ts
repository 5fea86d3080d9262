/**
 * The StatefulSet controller (pkg/controller/statefulset, 1.31): pods with
 * stable names `<set>-<ordinal>` (ordinals from spec.ordinals.start, 0 by
 * default), hostname = pod name and subdomain = the
 * set's serviceName (so the headless Service gives each pod a DNS name), and
 * for every volumeClaimTemplate a PersistentVolumeClaim
 * `<template>-<set>-<ordinal>` created before the pod and kept when the pod
 * goes (persistentVolumeClaimRetentionPolicy Retain; with Delete, from 1.27,
 * the claims get the StatefulSet or the condemned pod as owner and the
 * garbage collector deletes them with it). Which pod to create or
 * delete next is decided in core/algorithms/statefulset.ts (OrderedReady,
 * Parallel, scale-down from the highest ordinal, RollingUpdate with
 * partition, OnDelete). Revisions are ControllerRevisions `<set>-<hash>`;
 * pods carry `controller-revision-hash`. Events as the controller records
 * them: SuccessfulCreate "create Pod web-0 in StatefulSet web successful",
 * "create Claim www-web-0 Pod web-0 in StatefulSet web success",
 * SuccessfulDelete "delete Pod web-2 in StatefulSet web successful".
 */
import { series, type Task } from '../../core/async.ts';
import { clone, EPOCH_MS, ownerRef, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { computePodTemplateHash } from '../../core/algorithms/podTemplateHash.ts';
import { statefulSetHistoryToDelete } from '../../core/algorithms/history.ts';
import { claimChecks, ordinalOf, planStatefulSet, statefulSetCounts, wantedClaimOwners, type ClaimRetentionPolicy, type StsAction, type StsPod, type StsSpec } from '../../core/algorithms/statefulset.ts';
import { minor, type World } from '../world.ts';
import { Controller } from './controller.ts';
import { isPodAvailable, isPodReady, keyOf, ownerKey, specChanged } from '../../core/object-helpers.ts';
import { asPod, type PodObj, type PodSpec, type PodTemplateSpec, type StatefulSetObj, type StatefulSetStatus } from '../../core/typed.ts';
import type { OwnerReference } from '../../core/object.ts';

const POD = resourceForKind('Pod')!;
const PVC = resourceForKind('PersistentVolumeClaim')!;
const STS = resourceForKind('StatefulSet')!;
const REVISION = resourceForKind('ControllerRevision')!;
export const REVISION_LABEL = 'controller-revision-hash';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export class StatefulSetController extends Controller {
  constructor(w: World) {
    super(w, 'statefulset-controller');
    this.watch({
      kinds: ['StatefulSet'],
      filter: (o, t, old) => t === 'ADDED' || (t === 'MODIFIED' && specChanged(o, old)),
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
    this.watch({
      kinds: ['Pod'],
      filter: (o, t, old) => ownerKey(o, 'StatefulSet') !== undefined && (t !== 'MODIFIED' || podStateChanged(o, old)),
      handler: (e) => this.enqueue(ownerKey(e.object, 'StatefulSet')!, e.cause),
    });
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const set = this.w.api.cache.get('StatefulSet', key);
    if (!set || set.metadata.deletionTimestamp) return done();
    const updateHash = revisionHash(set);
    const updateName = `${set.metadata.name}-${updateHash}`;
    const revisions = this.w.api.cache.ownedOfKind(set.metadata.uid!, 'ControllerRevision');
    if (!revisions.some((r) => r.metadata.name === updateName)) {
      const next = revisions.reduce((m, r) => Math.max(m, Number(r.revision ?? 0)), 0) + 1;
      return this.createRevision(set, updateHash, next, cause, () => this.reconcile(key, cause, done));
    }
    const currentName = set.status?.currentRevision && revisions.some((r) => r.metadata.name === set.status!.currentRevision) ? String(set.status.currentRevision) : updateName;
    const pods = this.pods(set);
    const spec = specOf(set, minor(this.w));
    const plan = planStatefulSet(spec, pods.map((p) => p.view), currentName, updateName);
    const work: Task[] = plan.actions.map((a) => (next) => this.act(set, a, pods, revisions, cause, next));
    const policy = retentionPolicy(set, minor(this.w));
    if (policy) {
      // processReplica's ClaimsMatchRetentionPolicy / UpdateStatefulPod for the replicas it reaches, then
      // "Fix pod claims for condemned pods" once the replica loop has run through, before any scale-down or update deletion.
      const checks = claimChecks(spec, pods.map((p) => p.view));
      const podAt = (ord: number): Obj | undefined => pods.find((p) => p.view.ordinal === ord)?.obj;
      const replicaFixes: Task[] = checks.replicas.map((ord) => (next) => this.fixReplicaClaims(set, policy, podAt(ord), cause, next));
      const condemnedFixes: Task[] = checks.condemned.map((ord) => (next) => this.fixClaims(set, policy, podAt(ord), true, cause, () => next()));
      const k = plan.actions.findIndex((a) => a.op === 'delete' && (a.why === 'condemned' || a.why === 'update'));
      const cut = k < 0 ? work.length : k;
      work.splice(cut, 0, ...condemnedFixes);
      work.unshift(...replicaFixes);
    }
    series(work, () => this.syncStatus(key, currentName, updateName, cause, () => this.truncateHistory(set, pods, revisions, currentName, updateName, cause, done)));
  }

  /** truncateHistory: "maintain the set's revision history limit" after the status update (spec.revisionHistoryLimit, default 10). */
  private truncateHistory(set: StatefulSetObj, pods: { view: StsPod }[], revisions: Obj[], currentName: string, updateName: string, cause: string, done: () => void): void {
    const live = new Set([currentName, updateName, ...pods.map((p) => p.view.revision)]);
    const refs = revisions.map((r) => ({ name: r.metadata.name, revision: Number(r['revision'] ?? 0) }));
    const doomed = statefulSetHistoryToDelete(refs, live, set.spec.revisionHistoryLimit ?? 10);
    const tasks: Task[] = doomed.map((name) => (next) => this.client.call({ verb: 'delete', resource: REVISION, namespace: set.metadata.namespace, name, cause, note: `${name} (revisionHistoryLimit)` }, () => next()));
    series(tasks, done);
  }

  private pods(set: StatefulSetObj): { obj: Obj; view: StsPod }[] {
    return this.w.api.cache
      .ownedOfKind(set.metadata.uid!, 'Pod')
      .map((p) => ({ obj: p, view: podView(set, p, EPOCH_MS + this.w.clock.now()) }))
      .filter((p) => p.view.ordinal >= 0)
      .sort((a, b) => a.view.ordinal - b.view.ordinal);
  }

  private act(set: StatefulSetObj, a: StsAction, pods: { obj: Obj; view: StsPod }[], revisions: Obj[], cause: string, done: () => void): void {
    if (a.op === 'create') {
      const rev = revisions.find((r) => r.metadata.name === a.revision);
      // ControllerRevision.data is a RawExtension (the template patch), not ConfigMap-style string data.
      const template = (rev ? revisionData(rev)?.spec?.template : undefined) ?? set.spec.template;
      return this.createClaims(set, a.ordinal, cause, (errors) => {
        if (errors.length === 0) return this.createPod(set, a.ordinal, a.revision, template, cause, done);
        // CreateStatefulPod: recordPodEvent("create", …, err) with the aggregated claim errors; the pod is not created.
        const msg = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
        this.client.event(set, 'Warning', 'FailedCreate', `create Pod ${set.metadata.name}-${a.ordinal} in StatefulSet ${set.metadata.name} failed error: ${msg}`, this.source(), cause);
        done();
      });
    }
    const p = pods.find((x) => x.view.ordinal === a.ordinal);
    if (!p) return done();
    this.client.call({ verb: 'delete', resource: POD, namespace: p.obj.metadata.namespace, name: p.obj.metadata.name, cause, note: a.why === 'update' ? 'rolling update' : undefined }, (res) => {
      if (res.status === 200) this.client.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${p.obj.metadata.name} in StatefulSet ${set.metadata.name} successful`, this.source(), res.eventId);
      done();
    });
  }

  /** createPersistentVolumeClaims: every claim of the ordinal that does not exist yet. */
  private createClaims(set: StatefulSetObj, ordinal: number, cause: string, done: (errors: string[]) => void): void {
    const podName = `${set.metadata.name}-${ordinal}`;
    const blocked: string[] = [];
    const tasks: Task[] = (set.spec.volumeClaimTemplates ?? []).map((t) => (next: () => void) => {
      const name = `${t.metadata?.name}-${podName}`;
      const ns = set.metadata.namespace;
      const existing = this.w.api.cache.get('PersistentVolumeClaim', `/registry/persistentvolumeclaims/${ns}/${name}`);
      if (existing) {
        // createPersistentVolumeClaims: a claim that is being deleted (e.g. by the garbage collector after a scale-down with whenScaled Delete) fails the pod's creation.
        if (existing.metadata.deletionTimestamp) blocked.push(`pvc ${name} is being deleted`);
        return next();
      }
      const claim: Obj = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name,
          namespace: ns,
          labels: { ...(t.metadata?.labels ?? {}), ...(set.spec.selector?.matchLabels ?? {}) },
          ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        },
        spec: clone(t.spec ?? {}),
      };
      this.client.call({ verb: 'create', resource: PVC, namespace: ns, body: claim, cause }, (res) => {
        if (res.status === 201) this.client.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`, this.source(), res.eventId);
        else this.client.event(set, 'Warning', 'FailedCreate', `create Claim ${name} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${res.message ?? res.reason ?? res.status}`, this.source(), res.eventId);
        next();
      });
    });
    series(tasks, () => done(blocked));
  }

  private createPod(set: StatefulSetObj, ordinal: number, revision: string, template: PodTemplateSpec | undefined, cause: string, done: () => void): void {
    const name = `${set.metadata.name}-${ordinal}`;
    const spec: Partial<PodSpec> = clone(template?.spec ?? {});
    // updateStorage: each claim template becomes a volume of the pod (replacing one of the same name).
    const claimVolumes = (set.spec.volumeClaimTemplates ?? []).map((t) => ({ name: t.metadata?.name!, persistentVolumeClaim: { claimName: `${t.metadata?.name}-${name}` } }));
    const names = new Set(claimVolumes.map((v) => v.name));
    spec.volumes = [...(spec.volumes ?? []).filter((v) => !names.has(v.name)), ...claimVolumes];
    if (spec.volumes.length === 0) delete spec.volumes;
    // updateIdentity: hostname and subdomain give the pod its DNS name under the headless Service.
    spec.hostname = name;
    if (set.spec.serviceName) spec.subdomain = set.spec.serviceName;
    const pod: Obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: set.metadata.namespace,
        labels: { ...(template?.metadata?.labels ?? {}), [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revision, [POD_NAME_LABEL]: name },
        ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [ownerRef(set)],
      },
      spec,
    };
    this.client.call({ verb: 'create', resource: POD, namespace: set.metadata.namespace, body: pod, cause }, (res) => {
      if (res.status !== 201) {
        this.client.event(set, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${res.message ?? res.reason ?? res.status}`, this.source(), res.eventId);
        return done();
      }
      const record = (): void => {
        this.client.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${set.metadata.name} successful`, this.source(), res.eventId);
        done();
      };
      // CreateStatefulPod: "Set PVC policy as much as is possible at this point" (the pod it holds has no UID yet).
      const policy = retentionPolicy(set, minor(this.w));
      if (!policy) return record();
      this.fixClaims(set, policy, pod, false, cause, () => record());
    });
  }

  /**
   * UpdatePodClaimForRetentionPolicy: give each existing claim of the pod the
   * owners the policy wants (updateClaimOwnerRefForSetAndPod: add or remove
   * the set's and the pod's ownerReferences; a PUT of the claim when they
   * change). `changed` tells whether any claim was updated.
   */
  private fixClaims(set: StatefulSetObj, policy: ClaimRetentionPolicy, pod: Obj | undefined, condemned: boolean, cause: string, done: (changed: boolean) => void): void {
    if (!pod) return done(false);
    const ns = set.metadata.namespace;
    const want = wantedClaimOwners(policy, condemned);
    const setUid = set.metadata.uid ?? '';
    const podUid = pod.metadata.uid ?? '';
    let changed = false;
    const tasks: Task[] = (set.spec.volumeClaimTemplates ?? []).map((t) => (next: () => void) => {
      const name = `${t.metadata?.name}-${pod.metadata.name}`;
      const claim = this.w.api.cache.get('PersistentVolumeClaim', `/registry/persistentvolumeclaims/${ns}/${name}`);
      if (!claim) return next();
      const refs = claim.metadata.ownerReferences ?? [];
      const hasSet = refs.some((r) => r.uid === setUid);
      const hasPod = refs.some((r) => r.uid === podUid);
      if (hasSet === want.set && hasPod === want.pod) return next();
      let next2: OwnerReference[] = refs.filter((r) => (r.uid !== setUid || want.set) && (r.uid !== podUid || want.pod));
      // setOwnerRef: a plain reference (no controller, no blockOwnerDeletion), appended.
      if (want.set && !hasSet) next2 = [...next2, { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: setUid }];
      if (want.pod && !hasPod) next2 = [...next2, { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: podUid }];
      const body = clone(claim);
      if (next2.length > 0) body.metadata.ownerReferences = next2;
      else delete body.metadata.ownerReferences;
      changed = true;
      this.client.call({ verb: 'update', resource: PVC, namespace: ns, name, body, cause, note: 'owners for the claim retention policy' }, () => next());
    });
    series(tasks, () => done(changed));
  }

  /** processReplica for a replica whose claims do not match the policy: UpdateStatefulPod fixes them, then updates the pod and records SuccessfulUpdate. */
  private fixReplicaClaims(set: StatefulSetObj, policy: ClaimRetentionPolicy, pod: Obj | undefined, cause: string, done: () => void): void {
    this.fixClaims(set, policy, pod, false, cause, (changed) => {
      const live = pod ? this.w.api.cache.get('Pod', keyOf(pod)) : undefined;
      if (!changed || !live) return done();
      this.client.call({ verb: 'update', resource: POD, namespace: live.metadata.namespace, name: live.metadata.name, body: clone(live), cause }, (res) => {
        if (res.status === 200) this.client.event(set, 'Normal', 'SuccessfulUpdate', `update Pod ${live.metadata.name} in StatefulSet ${set.metadata.name} successful`, this.source(), res.eventId);
        else this.client.event(set, 'Warning', 'FailedUpdate', `update Pod ${live.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${res.message ?? res.reason ?? res.status}`, this.source(), res.eventId);
        done();
      });
    });
  }

  private createRevision(set: StatefulSetObj, hash: string, revision: number, cause: string, done: () => void): void {
    const payload: Record<string, unknown> = { data: { spec: { template: { ...clone(set.spec.template ?? {}), $patch: 'replace' } } }, revision };
    const body: Obj = {
      ...payload,
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${set.metadata.name}-${hash}`,
        namespace: set.metadata.namespace,
        labels: { ...(set.spec.template?.metadata?.labels ?? {}), 'controller.kubernetes.io/hash': hash },
        ownerReferences: [ownerRef(set)],
      },
    };
    this.client.call({ verb: 'create', resource: REVISION, namespace: set.metadata.namespace, body, cause }, () => done());
  }

  private syncStatus(key: string, currentName: string, updateName: string, cause: string, done: () => void): void {
    const set = this.w.api.cache.get('StatefulSet', key);
    if (!set) return done();
    const views = this.pods(set).map((p) => p.view);
    const c = statefulSetCounts(views, currentName, updateName);
    // completeRollingUpdate: once every replica is updated and ready, the update revision becomes the current one.
    const complete = set.spec.updateStrategy?.type !== 'OnDelete' && c.updatedReplicas === c.replicas && c.readyReplicas === c.replicas;
    const currentReplicas = complete ? c.updatedReplicas : c.currentReplicas;
    const status: StatefulSetStatus = {
      availableReplicas: c.availableReplicas,
      collisionCount: 0,
      ...(currentReplicas > 0 ? { currentReplicas } : {}),
      currentRevision: complete ? updateName : currentName,
      observedGeneration: set.metadata.generation,
      ...(c.readyReplicas > 0 ? { readyReplicas: c.readyReplicas } : {}),
      replicas: c.replicas,
      updateRevision: updateName,
      ...(c.updatedReplicas > 0 ? { updatedReplicas: c.updatedReplicas } : {}),
    };
    this.requeueForMinReady(set, key, c.availableReplicas, cause);
    if (JSON.stringify(status) === JSON.stringify(set.status ?? {})) return done();
    this.client.call({ verb: 'update', resource: STS, namespace: set.metadata.namespace, name: set.metadata.name, subresource: 'status', body: { ...set, status }, cause }, () => done());
  }

  /**
   * StatefulSetController.sync: `if set.Spec.MinReadySeconds > 0 && status.AvailableReplicas != *set.Spec.Replicas`
   * the set is queued again after minReadySeconds, when the pods Ready now have become available.
   */
  private requeueForMinReady(set: StatefulSetObj, key: string, available: number, cause: string): void {
    const minReady = set.spec.minReadySeconds ?? 0;
    if (minReady <= 0 || available === (set.spec.replicas ?? 1)) return;
    this.requeueAfterMinReady('StatefulSet', key, set.metadata.name, minReady, cause);
  }
}

/** The hash of the set's revision: its pod template (controller.ComputeHash over the patch). */
export function revisionHash(set: StatefulSetObj): string {
  return computePodTemplateHash({ spec: { template: set.spec?.template ?? {} } }, set.status?.collisionCount ?? 0);
}

function revisionData(rev: Obj): { spec?: { template?: PodTemplateSpec } } | undefined {
  return rev['data'] as { spec?: { template?: PodTemplateSpec } } | undefined;
}

/** The retention policy the controller applies, or undefined when it keeps every claim (Retain/Retain, or before 1.27: StatefulSetAutoDeletePVC was alpha and off). */
function retentionPolicy(set: StatefulSetObj, minor: number): ClaimRetentionPolicy | undefined {
  if (minor < 27 || (set.spec.volumeClaimTemplates ?? []).length === 0) return undefined;
  const p = set.spec.persistentVolumeClaimRetentionPolicy;
  const policy: ClaimRetentionPolicy = { whenDeleted: p?.whenDeleted === 'Delete' ? 'Delete' : 'Retain', whenScaled: p?.whenScaled === 'Delete' ? 'Delete' : 'Retain' };
  return policy;
}

/** `minor`: the profile's minor version; spec.ordinals (StatefulSetStartOrdinal) is on by default from 1.27 (beta), GA in 1.31. */
function specOf(set: StatefulSetObj, minor: number): StsSpec {
  const s = set.spec ?? {};
  const us = s.updateStrategy ?? {};
  return {
    replicas: s.replicas ?? 1,
    start: minor >= 27 ? (s.ordinals?.start ?? 0) : 0,
    podManagementPolicy: s.podManagementPolicy === 'Parallel' ? 'Parallel' : 'OrderedReady',
    updateStrategy: us.type === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', partition: us.rollingUpdate?.partition ?? 0 },
  };
}

/** `nowMs`: wall-clock milliseconds, for minReadySeconds (isRunningAndAvailable). */
function podView(set: StatefulSetObj, p: PodObj, nowMs: number): StsPod {
  return {
    ordinal: ordinalOf(set.metadata.name, p.metadata.name),
    revision: p.metadata.labels?.[REVISION_LABEL] ?? '',
    phase: p.status?.phase ?? 'Pending',
    ready: isPodReady(p),
    available: isPodAvailable(p, set.spec.minReadySeconds ?? 0, nowMs),
    terminating: Boolean(p.metadata.deletionTimestamp),
  };
}

function podStateChanged(o: Obj, old: Obj | undefined): boolean {
  if (!old) return true;
  return isPodReady(o) !== isPodReady(old) || asPod(o).status?.phase !== asPod(old).status?.phase || Boolean(o.metadata.deletionTimestamp) !== Boolean(old.metadata.deletionTimestamp);
}
