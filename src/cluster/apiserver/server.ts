/**
 * kube-apiserver: every request goes through the handler chain in
 * Kubernetes' order — authentication → authorization → mutating admission →
 * validation → validating admission → etcd — and every write fans out to the
 * watchers whose watch matches. A get is a quorum read in etcd; a list is
 * served from the watch cache once etcd has confirmed its current revision.
 */
import { STORAGE_PROTECTION_PLUGIN, admitStorageProtection } from '../core/storage-protection.ts';
import type { Clock } from '../kernel/clock.ts';
import { LATENCY } from '../kernel/clock.ts';
import type { Recorder } from '../../trace/recorder.ts';
import { ETCD_READ, type ResourceRef, type TraceEvent } from '../../trace/types.ts';
import { resourceRef } from './resource-ref.ts';
import type { Etcd } from '../kernel/etcd.ts';
import { clone, EPOCH_MS, makeUid, timestamp, type Obj } from '../core/object.ts';
import { asPod, specNodeName, type PodObj, type PvcSpec, type Written } from '../core/typed.ts';
import { apiPath, customResourceOf, etcdKey, qualifiedResource, resourceForKind, type ResourceInfo } from '../core/resources.ts';
import type { Prng } from '../../common/prng.ts';
import { generateNameSuffix } from '../core/algorithms/podTemplateHash.ts';
import { authorize, policyOf, type Attributes, type RbacObjects } from './rbac.ts';
import { answerReview } from './reviews.ts';
import { ETCD_REQUEST_TIMEOUT_MS, replicate } from '../kernel/etcd-raft.ts';
import { APISERVER_REQUEST_TIMEOUT_MS, hasReadQuorum, rangeAttempts, readIndex } from '../kernel/etcd-read.ts';
import { ApiLoadBalancer, LB_ID, usesLoadBalancer } from './load-balancer.ts';
import { applyDefaults, defaultJobSelector, missingRuntimeClass, missingServiceAccount } from './defaults.ts';
import { validateObject } from './validation.ts';
import { applySchemaDefaults, prune, validateAgainstSchema } from '../../common/crd-schema.ts';
import { crdFor, crdVersion as servedVersion, scaleOf, setPath, specChanged, validateCrd, type CrdVersion } from './custom-resources.ts';
import { ObjectStore } from './store.ts';
import { prepareCsrForCreate } from './identity.ts';
import { allocateServiceIps, type IpAllocator } from './allocators.ts';
import type { ApiRequest, ApiResponse, Verb, WatchEvent, WatchSpec, WatchType } from './types.ts';
import { isPodActive, isPodReady } from '../core/object-helpers.ts';
import { selectorMatches } from '../core/selector.ts';
import { evictionDecision } from '../core/disruption.ts';

/** What a write gets from etcd when no member is leader (see etcdResult). */
const ETCD_NO_LEADER_WRITE = 'rpc error: code = DeadlineExceeded desc = context deadline exceeded';

const METHOD: Record<Verb, NonNullable<TraceEvent['method']>> = {
  create: 'POST',
  get: 'GET',
  list: 'GET',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
};

/** Kinds whose spec changes bump metadata.generation. */
const GENERATION_KINDS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler', 'Service', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget']);

/** Users whose every request shows the whole handler chain; components show it once per kind of request. */
const SYSTEM_USER = /^system:(kube-|node:)/;
const SERVICE_ACCOUNT = resourceForKind('ServiceAccount')!;
const RUNTIME_CLASS = resourceForKind('RuntimeClass')!;

interface Pending {
  req: ApiRequest;
  done: (res: ApiResponse) => void;
  /** Last recorded event of this request (the cause of the next). */
  last: string;
  requestId: string;
  showPhases: boolean;
  /** The API server instance that handles it (several behind a load balancer). */
  server: string;
  /** It came through the load balancer (and its answer goes back through it). */
  viaLb: boolean;
  /** When the API server received it (its request deadline counts from here). */
  arrived: number;
  /** Times a patch was re-applied after etcd refused its write for a newer revision. */
  retries?: number;
}

export interface ApiServerOptions {
  id: string;
  etcdId: string;
  etcdMembers: string[];
  seed: number;
  /** Several API servers: their ids, behind a load balancer (./load-balancer.ts). */
  servers?: string[];
}

export class ApiServer {
  readonly cache = new ObjectStore(isPodActive, isPodReady);
  /** Watchers by kind (`*` for all kinds); kubelet-style watchers by kind and node name. */
  private readonly watchersByKind = new Map<string, WatchSpec[]>();
  private readonly watchersByNode = new Map<string, WatchSpec[]>();
  /** The kinds of request seen (caller, verb, resource, subresource): nested maps of strings that are made once, not a key string per request. */
  private readonly firstOfKind = new Map<string, Map<string, Map<string, Set<string>>>>();
  /** Whether a user name is not a control-plane component's or a node's (SYSTEM_USER), by name. */
  private readonly users = new Map<string, boolean>();
  /** Namespace name → its etcd key (`namespaceKey`). */
  private readonly namespaceKeys = new Map<string, string>();
  /** What the authorizer reads, made once (not four closures per request). */
  private readonly rbacObjects: RbacObjects = {
    roles: (ns) => this.cache.list('Role', ns),
    clusterRoles: () => this.cache.list('ClusterRole'),
    roleBindings: (ns) => this.cache.list('RoleBinding', ns),
    clusterRoleBindings: () => this.cache.list('ClusterRoleBinding'),
  };
  /** A down API server answers nothing (fault hook). */
  up = true;
  /** Several API servers: the load balancer in front of them. */
  readonly lb: ApiLoadBalancer | undefined;
  /**
   * The API server the leading kube-controller-manager and kube-scheduler talk
   * to (the one on their control-plane node); leader election moves it.
   */
  localServer: string;

  constructor(
    private readonly clock: Clock,
    private readonly rec: Recorder,
    private readonly etcd: Etcd<Obj>,
    private readonly names: Prng,
    readonly ips: IpAllocator,
    readonly opts: ApiServerOptions,
  ) {
    this.lb = opts.servers && opts.servers.length > 1 ? new ApiLoadBalancer(opts.servers) : undefined;
    this.localServer = opts.id;
  }

  /** API server `name` down or up (fault hook); with a load balancer, only that instance. */
  setServerUp(name: string, up: boolean): boolean {
    if (this.lb) return this.lb.setUp(name, up);
    this.up = up;
    return true;
  }

  private serverUp(server: string): boolean {
    return this.lb ? this.lb.isUp(server) : this.up;
  }

  get id(): string {
    return this.opts.id;
  }

  /**
   * The custom resources served now: one per Established
   * CustomResourceDefinition (the apiextensions-apiserver's crdHandler serves
   * a CRD's group/version/plural once its Established condition is True).
   */
  customResources(): ResourceInfo[] {
    const out: ResourceInfo[] = [];
    for (const crd of this.cache.list('CustomResourceDefinition')) {
      const r = customResourceOf(crd);
      // The model keys stored objects by kind: a kind already built in or served is not served twice (simplification).
      if (r && !resourceForKind(r.kind) && !out.some((o) => o.kind === r.kind)) out.push(r);
    }
    return out;
  }

  /** The served version of the CRD that defines `r` (the one `apiVersion` names, else the resource's). */
  private crdVersionOf(r: ResourceInfo, apiVersion: string | undefined): CrdVersion | undefined {
    const crd = crdFor(this.cache.list('CustomResourceDefinition'), r);
    return crd ? servedVersion(crd, apiVersion, r.version) : undefined;
  }

  /** The Scale of a custom resource, at its CRD's paths (spec.replicas and status.replicas when it has none). */
  private scaleOf(r: ResourceInfo, obj: Obj): Obj {
    const scale = r.custom ? this.crdVersionOf(r, obj.apiVersion)?.scale : undefined;
    return scaleOf(obj, scale ?? { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' });
  }

  /** The resource of a stored object's kind: built in, or a custom resource (served or not: its objects stay in etcd). */
  resourceOf(kind: string): ResourceInfo {
    const builtIn = resourceForKind(kind);
    if (builtIn) return builtIn;
    for (const crd of this.cache.list('CustomResourceDefinition')) {
      const spec = crd.spec as { group?: string; scope?: string; names?: { plural?: string; kind?: string; singular?: string } } | undefined;
      if (spec?.names?.kind !== kind || !spec.group || !spec.names.plural) continue;
      const served = customResourceOf(crd);
      if (served) return served;
      return { kind, group: spec.group, version: '', resource: spec.names.plural, singular: spec.names.singular ?? kind.toLowerCase(), shortNames: [], namespaced: spec.scope !== 'Cluster', etcdPrefix: `/registry/${spec.group}/${spec.names.plural}` };
    }
    throw new Error(`no resource for kind ${kind}`);
  }

  watch(spec: WatchSpec): void {
    const push = (m: Map<string, WatchSpec[]>, k: string) => {
      const l = m.get(k);
      if (l) l.push(spec);
      else m.set(k, [spec]);
    };
    for (const kind of spec.kinds) {
      if (spec.nodeName !== undefined) push(this.watchersByNode, `${kind}|${spec.nodeName}`, );
      else push(this.watchersByKind, kind);
    }
  }

  /** The watchers a change of `obj` can concern, in registration order. */
  private watchersFor(obj: Obj, old: Obj | undefined): WatchSpec[] {
    // Runs for every write: no spreads, no Set, no sort of a two-element list.
    const out: WatchSpec[] = [];
    pushAll(out, this.watchersByKind.get(obj.kind));
    pushAll(out, this.watchersByKind.get('*'));
    const a = specNodeName(obj);
    const b = specNodeName(old);
    const na = typeof a === 'string' ? a : undefined;
    const nb = typeof b === 'string' && b !== na ? b : undefined;
    // Node names in sorted order (as [...new Set([a, b])].sort()).
    const first = na !== undefined && nb !== undefined && nb < na ? nb : na ?? nb;
    const second = na !== undefined && nb !== undefined ? (first === na ? nb : na) : undefined;
    if (first !== undefined) pushAll(out, this.watchersByNode.get(`${obj.kind}|${first}`));
    if (second !== undefined) pushAll(out, this.watchersByNode.get(`${obj.kind}|${second}`));
    return out;
  }

  private isUser(user: string): boolean {
    let u = this.users.get(user);
    if (u === undefined) this.users.set(user, (u = !SYSTEM_USER.test(user)));
    return u;
  }

  /** Whether no request of this kind (caller, verb, resource and subresource) came before; records it. */
  private firstOfItsKind(req: ApiRequest): boolean {
    let byVerb = this.firstOfKind.get(req.from);
    if (!byVerb) this.firstOfKind.set(req.from, (byVerb = new Map()));
    let byResource = byVerb.get(req.verb);
    if (!byResource) byVerb.set(req.verb, (byResource = new Map()));
    let subs = byResource.get(req.resource.resource);
    if (!subs) byResource.set(req.resource.resource, (subs = new Set()));
    const sub = req.subresource ?? '';
    if (subs.has(sub)) return false;
    subs.add(sub);
    return true;
  }

  /** Sends a request; `done` runs when the response reaches the caller. */
  call(req: ApiRequest, done: (res: ApiResponse) => void): void {
    const sub = req.subresource ? `/${req.subresource}` : '';
    const viaLb = this.lb !== undefined && usesLoadBalancer(req.from);
    const requestId = this.rec.emit({
      type: 'request',
      from: req.from,
      to: viaLb ? LB_ID : (req.server ?? this.localServer),
      verb: req.verb,
      method: METHOD[req.verb],
      path: apiPath(req.resource, req.namespace, req.name, req.subresource),
      resource: this.ref(req.resource, req.namespace, req.name ?? req.body?.metadata.name, req.subresource),
      summary: req.note ? `${METHOD[req.verb]} ${req.resource.resource}${sub} ${req.note}` : (summaryOf(req.resource, req.verb, req.subresource ?? '') ?? remember(req.resource, req.verb, req.subresource ?? '', `${METHOD[req.verb]} ${req.resource.resource}${sub}`)),
      cause: req.cause,
    });
    const isUser = this.isUser(req.who.user);
    const showPhases = req.resource.kind !== 'Event' && (this.firstOfItsKind(req) || isUser);
    const p: Pending = { req, done, last: requestId, requestId, showPhases, server: req.server ?? this.localServer, viaLb, arrived: 0 };
    if (viaLb) return this.balance(p, this.rec.last()!);
    this.clock.after(LATENCY.clientToApi, () => this.handle(p));
  }

  /** The load balancer forwards the request to the next healthy API server (round-robin). */
  private balance(p: Pending, req: TraceEvent): void {
    const server = this.lb!.pick();
    if (!server) {
      // No healthy backend: the load balancer itself answers.
      const id = this.rec.emit({ type: 'response', from: LB_ID, to: p.req.from, status: 503, result: 'unavailable', summary: '503 no healthy API server', cause: p.last });
      return this.clock.after(LATENCY.clientToApi, () => p.done({ status: 503, result: 'unavailable', reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request', eventId: id }));
    }
    p.server = server;
    p.last = this.rec.emit({ ...strip(req), from: LB_ID, to: server, cause: p.last, attrs: { balancing: 'round-robin', healthy: this.lb!.healthy().length } });
    this.clock.after(LATENCY.clientToApi, () => this.handle(p));
  }

  /**
   * The DefaultStorageClass admission plugin: a claim without
   * storageClassName gets the default class (the newest one annotated
   * `storageclass.kubernetes.io/is-default-class: "true"`).
   */
  private defaultStorageClass(claim: Written<PvcSpec>): boolean {
    if (!claim.spec || claim.spec.storageClassName !== undefined) return false;
    const defaults = this.cache.list('StorageClass').filter((c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
    const chosen = defaults.sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (a.metadata.name < b.metadata.name ? -1 : 1))[0];
    if (!chosen) return false;
    claim.spec.storageClassName = chosen.metadata.name;
    return true;
  }

  /**
   * Stores an object that exists before the scenario starts (namespaces, the
   * `kubernetes` Service, nodes, default service accounts): no trace events,
   * no watch notifications.
   */
  bootstrap(obj: Obj): Obj {
    const r = resourceForKind(obj.kind)!;
    const o = clone(obj);
    applyDefaults(o, 'create');
    if (o.kind === 'Service') this.allocate(o);
    this.stamp(o, undefined, true);
    const key = etcdKey(r, o.metadata.namespace, o.metadata.name);
    const res = this.etcd.put(key, o, 0);
    if (!res.ok) throw new Error(`bootstrap of ${key} failed: ${res.reason}`);
    o.metadata.resourceVersion = String(res.revision);
    this.cache.set(key, o);
    return o;
  }

  // ---- the handler chain -------------------------------------------------

  private handle(p: Pending): void {
    const { req } = p;
    p.arrived = this.clock.now();
    if (!this.serverUp(p.server)) return this.respond(p, { status: 503, result: 'unavailable', reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' });
    // A custom resource whose CRD is gone or no longer Established: no handler serves its path.
    if (req.resource.custom && !this.customResources().some((c) => c.group === req.resource.group && c.resource === req.resource.resource)) {
      return this.respond(p, { status: 404, result: 'not-found', reason: 'NotFound', message: 'the server could not find the requested resource' });
    }
    if (req.resource.custom && (req.subresource === 'status' || req.subresource === 'scale')) {
      // No handler serves a subresource the CRD does not enable (crdHandler.serveResource).
      const v = this.crdVersionOf(req.resource, req.body?.apiVersion);
      if (req.subresource === 'status' ? !v?.status : !v?.scale) return this.respond(p, { status: 404, result: 'not-found', reason: 'NotFound', message: 'the server could not find the requested resource' });
    }
    if (p.showPhases) this.phase(p, 'authentication', `authenticated as "${req.who.user}"`, { groups: req.who.groups.join(',') });
    const attrs: Attributes = {
      verb: req.verb,
      group: req.resource.group,
      resource: req.resource.resource,
      ...(req.subresource ? { subresource: req.subresource } : {}),
      ...(req.namespace && req.resource.namespaced ? { namespace: req.namespace } : {}),
      ...(req.name ? { name: req.name } : {}),
    };
    const decision = authorize(req.who, attrs, this.rbacObjects);
    if (!decision.allowed) {
      this.phase(p, 'authorization', `forbidden: ${req.who.user} cannot ${req.verb} ${req.resource.resource}`, { reason: decision.reason }, 'denied', true);
      return this.respond(p, { status: 403, result: 'denied', reason: 'Forbidden', message: decision.reason });
    }
    if (p.showPhases) this.phase(p, 'authorization', `allowed: ${req.verb} ${req.resource.resource}${req.subresource ? `/${req.subresource}` : ''}`, { reason: decision.reason });
    if (req.resource.createOnly) return this.review(p);
    if (req.verb === 'get' || req.verb === 'list') return this.read(p);
    return this.write(p);
  }

  /**
   * A review (SubjectAccessReview, SelfSubjectReview …, ./reviews.ts): the
   * registry serves only create, answers from the authorizer or the caller's
   * identity, and stores nothing (no etcd, no watch).
   */
  private review(p: Pending): void {
    const { req } = p;
    const r = req.resource;
    if (req.verb !== 'create' || req.subresource || !req.body) {
      return this.respond(p, { status: 405, result: 'invalid', reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource' });
    }
    const body = clone(req.body);
    // kubectl's builder puts the namespace into a namespaced object that has none (DefaultNamespace).
    if (r.namespaced && req.namespace && !body.metadata.namespace) body.metadata.namespace = req.namespace;
    const cache = this.cache;
    const store = { roles: (ns: string) => cache.list('Role', ns), clusterRoles: () => cache.list('ClusterRole'), roleBindings: (ns: string) => cache.list('RoleBinding', ns), clusterRoleBindings: () => cache.list('ClusterRoleBinding') };
    const answer = answerReview(r, body, req.who, r.namespaced ? req.namespace : undefined, (ns) => policyOf(store, ns));
    if (!answer.ok) {
      this.phase(p, 'validation', `${r.kind} is invalid`, { errors: Math.max(1, answer.causes.length) }, 'invalid', true);
      return this.respond(p, { status: answer.status, result: 'invalid', reason: answer.reason, message: answer.message, causes: answer.causes });
    }
    const attrs = answer.reason ? { reason: answer.reason } : undefined;
    this.phase(p, 'authorization', answer.summary, attrs, answer.allowed === false ? 'denied' : 'ok', true);
    this.respond(p, { status: 201, result: 'ok', object: answer.object });
  }

  /**
   * Reads (k8s.io/apiserver storage/cacher, Kubernetes 1.31). A get without
   * resourceVersion is not served by the watch cache (Cacher.Get delegates it
   * to etcd3 store.Get): it is a linearizable range in etcd. A list without
   * resourceVersion is a consistent list from the cache (ConsistentListFromCache,
   * beta and on in 1.31): the cache first asks etcd for its current revision
   * (GetCurrentResourceVersionFromStorage, a quorum range with limit 1), waits
   * until it has seen that revision, and serves the list itself.
   */
  private read(p: Pending): void {
    const { req } = p;
    const r = req.resource;
    if (req.verb === 'get') {
      const key = etcdKey(r, req.namespace, req.name!);
      return this.quorumRead(p, key, `range ${key} (quorum read)`, 'get', () => {
        const kv = this.etcd.get(key);
        p.last = this.rec.emit({ type: 'response', from: this.opts.etcdId, to: p.server, verb: 'range', etcd: { key, op: 'range', revision: this.etcd.currentRevision }, summary: kv ? `1 key (mod revision ${kv.modRevision})` : 'no such key', result: 'ok', cause: p.last });
        if (!kv) return this.respond(p, notFound(r, req.name!));
        // GET …/scale of a custom resource answers an autoscaling/v1 Scale at the CRD's paths (scale.go).
        // (For built-in kinds the model's controllers read the object itself from …/scale: a simplification kubectl does not expose.)
        if (req.subresource === 'scale' && r.custom) return this.respond(p, { status: 200, result: 'ok', object: this.scaleOf(r, kv.value) });
        return this.respond(p, { status: 200, result: 'ok', object: clone(kv.value) });
      });
    }
    const prefix = `${r.etcdPrefix}/`;
    this.quorumRead(p, prefix, `range ${prefix} limit 1 (current revision for a consistent list)`, 'revision', () => {
      const revision = this.etcd.currentRevision;
      p.last = this.rec.emit({ type: 'response', from: this.opts.etcdId, to: p.server, verb: 'range', etcd: { key: prefix, op: 'range', revision }, summary: `current revision ${revision}`, result: 'ok', cause: p.last });
      const items = this.cache.list(r.kind, r.namespaced ? req.namespace : undefined).filter((o) => !req.match || req.match(o));
      // The cache is fed synchronously from etcd in the model, so it has always caught up with `revision`.
      this.phase(p, 'watch-cache', `list ${r.resource} from the watch cache (fresh at revision ${revision})`, { items: items.length }, 'ok', true);
      this.respond(p, { status: 200, result: 'ok', items: items.map(clone) });
    });
  }

  /**
   * A linearizable range: one ReadIndex round with several members
   * (../kernel/etcd-read.ts). Without a quorum etcd times the read out after
   * 7 s, the etcd client retries it (Unavailable is retryable for reads) and
   * the request's deadline ends it: the timeout filter answers 504.
   */
  private quorumRead(p: Pending, key: string, summary: string, read: 'get' | 'revision', then: () => void): void {
    p.last = this.rec.emit({ type: 'request', from: p.server, to: this.opts.etcdId, verb: 'range', etcd: { key, op: 'range' }, summary, cause: p.last, attrs: { read: read === 'get' ? ETCD_READ.object : ETCD_READ.revision } });
    this.clock.after(LATENCY.etcdRead, () => {
      const multi = this.opts.etcdMembers.length > 1;
      const round = multi ? readIndex(this.rec, this.etcd, key, p.last) : undefined;
      if (round) p.last = round.last;
      if (round ? round.committed : hasReadQuorum(this.etcd.members)) return then();
      this.clock.after(ETCD_REQUEST_TIMEOUT_MS, () => {
        p.last = this.rec.emit({ type: 'response', from: this.opts.etcdId, to: p.server, verb: 'range', etcd: { key, op: 'range' }, summary: 'range failed: etcdserver: request timed out', result: 'unavailable', cause: p.last });
        const deadline = p.arrived + APISERVER_REQUEST_TIMEOUT_MS;
        const attempts = rangeAttempts(deadline - (this.clock.now() - ETCD_REQUEST_TIMEOUT_MS));
        p.last = this.rec.emit({ type: 'phase', from: p.server, to: p.server, phase: 'other', summary: `etcd client retries the range (gRPC Unavailable is retried for reads); the request deadline (${APISERVER_REQUEST_TIMEOUT_MS / 1000}s) passes first`, result: 'unavailable', cause: p.last, attrs: { attempts } });
        this.clock.after(Math.max(0, deadline - this.clock.now()), () => {
          // WithTimeoutForNonLongRunningRequests writes its Status as text/plain, so client-go
          // does not decode it and reports its generic 504 message (NewGenericServerResponse).
          const what = `${qualifiedResource(p.req.resource)}${read === 'get' ? ` ${p.req.name}` : ''}`;
          this.respond(p, {
            status: 504, result: 'unavailable', reason: 'Timeout',
            message: 'Timeout: request did not complete within the allotted timeout',
            clientMessage: `the server was unable to return a response in the time allotted, but may still be processing the request (get ${what})`,
          });
        });
      });
    });
  }

  private write(p: Pending): void {
    const { req } = p;
    const r = req.resource;
    const name = req.name ?? req.body?.metadata.name;
    // The namespace is looked up once (every namespaced write needs it).
    const nsObj = r.namespaced && req.namespace ? this.cache.get('Namespace', this.namespaceKey(req.namespace)) : undefined;
    if (r.namespaced && req.namespace && !nsObj) {
      // NamespaceLifecycle admission rejects writes into a namespace that does not exist.
      this.phase(p, 'mutating-admission', `NamespaceLifecycle: namespace "${req.namespace}" not found`, undefined, 'not-found', true);
      return this.respond(p, { status: 404, result: 'not-found', reason: 'NotFound', message: `namespaces "${req.namespace}" not found` });
    }
    if (req.verb === 'create' && !req.subresource && nsObj?.metadata.deletionTimestamp && r.kind !== 'Event') {
      const message = `${qualifiedResource(r)} "${name ?? ''}" is forbidden: unable to create new content in namespace ${req.namespace} because it is being terminated`;
      this.phase(p, 'mutating-admission', `NamespaceLifecycle: namespace "${req.namespace}" is being terminated`, undefined, 'denied', true);
      return this.respond(p, { status: 403, result: 'denied', reason: 'Forbidden', message });
    }
    if (req.verb === 'delete') return this.remove(p);
    // The Eviction API (POST pods/NAME/eviction): the pod's PodDisruptionBudget decides, then a graceful delete.
    if (req.verb === 'create' && req.subresource === 'eviction') return this.evict(p);
    const key = name ? etcdKey(r, req.namespace, name) : undefined;
    const live = key ? this.cache.get(r.kind, key) : undefined;
    // A custom resource: its CRD's version decides the schema and which subresources exist.
    const crdVersion = r.custom ? this.crdVersionOf(r, req.body?.apiVersion ?? live?.apiVersion) : undefined;
    let obj: Obj;
    let createKey: string | undefined;
    let createName: string | undefined;
    if (req.verb === 'create' && req.subresource === 'binding') {
      if (!live) return this.respond(p, notFound(r, name!));
      obj = bindPod(live, req.body!);
    } else if (req.verb === 'create') {
      obj = clone(req.body!);
      if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = obj.metadata.generateName + generateNameSuffix(() => this.names.next());
      if (r.namespaced) obj.metadata.namespace = req.namespace;
      // The key looked up above, when the body named the object (not a generated name).
      const k = key !== undefined && obj.metadata.name === name ? key : etcdKey(r, req.namespace, obj.metadata.name);
      createKey = k;
      createName = obj.metadata.name;
      if (this.cache.get(r.kind, k)) {
        this.phase(p, 'validation', `${r.resource} "${obj.metadata.name}" already exists`, undefined, 'conflict', true);
        return this.respond(p, { status: 409, result: 'conflict', reason: 'AlreadyExists', message: `${qualifiedResource(r)} "${obj.metadata.name}" already exists` });
      }
    } else {
      if (!live) return this.respond(p, notFound(r, name!));
      if (crdVersion?.scale && req.subresource === 'scale') {
        // The /scale of a custom resource: the client changes an autoscaling/v1 Scale, written back at specReplicasPath (scale.go).
        const scale = req.verb === 'patch' ? req.patch!(scaleOf(live, crdVersion.scale)) : req.body!;
        if (!scale) return this.respond(p, { status: 200, result: 'ok', object: scaleOf(live, crdVersion.scale) });
        obj = clone(live);
        setPath(obj, crdVersion.scale.specReplicasPath, (scale.spec as { replicas?: unknown } | undefined)?.replicas);
      } else {
        // An update of /status keeps only the body's status (and reads its resourceVersion): only that is copied.
        // A patch of /status gets a copy of the status only (its spec and metadata are the stored ones, never written:
        // mergeSubresource keeps only next.status); any other patch a copy of the whole object.
        const next = req.verb === 'patch' ? req.patch!(req.subresource === 'status' ? withStatusCopy(live) : clone(live)) : req.subresource === 'status' ? statusOf(req.body!) : clone(req.body!);
        // Nothing to change: the answer is the stored object itself (stored objects are never mutated, as in store()).
        if (!next) return this.respond(p, { status: 200, result: 'ok', object: live });
        if (req.verb === 'update' && next.metadata.resourceVersion && next.metadata.resourceVersion !== live.metadata.resourceVersion) {
          return this.respond(p, conflict(r, name!));
        }
        // A custom resource without the status subresource: status is part of the main resource.
        obj = r.custom && !crdVersion?.status && req.subresource === undefined ? next : mergeSubresource(live, next, req.subresource);
        // With it, the main resource keeps the stored status (customResourceStrategy.PrepareForUpdate), also when there was none.
        if (r.custom && crdVersion?.status && req.subresource === undefined && live.status === undefined) delete obj.status;
      }
    }
    // With the status subresource, a create drops the status sent (customResourceStrategy.PrepareForCreate).
    if (r.custom && crdVersion?.status && req.verb === 'create') delete obj.status;
    // The CSR strategy's PrepareForCreate (pkg/registry/certificates/certificates/strategy.go): the requester's
    // identity replaces whatever the body claims, and the status starts empty (no pre-approved requests).
    if (req.verb === 'create' && req.subresource === undefined && obj.kind === 'CertificateSigningRequest') prepareCsrForCreate(obj, req.who);
    // Its PrepareForUpdate: "Certificate requests are immutable after creation except via subresources".
    if (req.verb !== 'create' && req.subresource === undefined && live && obj.kind === 'CertificateSigningRequest') {
      const { spec: _spec, status: _status, ...rest } = obj;
      obj = { ...rest, ...(live.spec !== undefined ? { spec: live.spec } : {}), ...(live.status !== undefined ? { status: live.status } : {}) };
    }
    const isCreate = req.verb === 'create' && req.subresource !== 'binding';
    // ServiceAccount admission looks up the pod's ServiceAccount: a missing one is Forbidden (before the name is generated).
    const generateName = isCreate && !req.body?.metadata.name ? req.body?.metadata.generateName : undefined;
    const admitted = isCreate || req.subresource === undefined ? applyDefaults(obj, isCreate ? 'create' : 'update') : [];
    if (isCreate && obj.kind === 'Pod') {
      const missing = missingServiceAccount(obj, (ns, sa) => this.cache.get('ServiceAccount', etcdKey(SERVICE_ACCOUNT, ns, sa)) !== undefined);
      if (missing) {
        this.phase(p, 'mutating-admission', `ServiceAccount: ${missing.cause}`, undefined, 'denied', true);
        return this.respond(p, { status: 403, result: 'denied', reason: 'Forbidden', message: `${qualifiedResource(r)} "${generateName ?? obj.metadata.name}" is forbidden: ${missing.message}` });
      }
    }
    if (isCreate && obj.kind === 'Pod') {
      const missing = missingRuntimeClass(obj, (name) => this.cache.get('RuntimeClass', etcdKey(RUNTIME_CLASS, undefined, name)) !== undefined);
      if (missing) {
        this.phase(p, 'mutating-admission', `RuntimeClass: ${missing}`, undefined, 'denied', true);
        return this.respond(p, { status: 403, result: 'denied', reason: 'Forbidden', message: `${qualifiedResource(r)} "${generateName ?? obj.metadata.name}" is forbidden: ${missing}` });
      }
    }
    if (isCreate && obj.kind === 'PersistentVolumeClaim' && this.defaultStorageClass(obj as Written<PvcSpec>)) admitted.push('DefaultStorageClass');
    // StorageObjectInUseProtection (after DefaultStorageClass, as in the plugin order): the pv/pvc-protection finalizer.
    if (isCreate && req.subresource === undefined && admitStorageProtection(obj)) admitted.push(STORAGE_PROTECTION_PLUGIN);
    if (isCreate) this.allocate(obj);
    if (p.showPhases) this.phase(p, 'mutating-admission', admitted.length > 0 ? `mutating admission: ${admitted.join(', ')}` : 'mutating admission');
    if (r.custom && crdVersion) {
      // Pruning, defaulting, then the schema (./crd-schema.ts), as the crdHandler's decoder and strategy do.
      const pruned = prune(obj, crdVersion.schema);
      if (pruned.length > 0 && req.fieldValidation === 'Strict') {
        const message = `${obj.kind} in version ${JSON.stringify(crdVersion.name)} cannot be handled as a ${obj.kind}: strict decoding error: ${pruned.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`;
        this.phase(p, 'validation', `strict decoding error: ${pruned.length} unknown field${pruned.length > 1 ? 's' : ''}`, undefined, 'invalid', true);
        return this.respond(p, { status: 400, result: 'invalid', reason: 'BadRequest', message });
      }
      // Without Strict (a controller's write) unknown fields are dropped, as the real decoder does.
      applySchemaDefaults(obj, crdVersion.schema);
    }
    const errors = r.custom && crdVersion
      ? [...validateObject(obj, isCreate ? undefined : live), ...validateAgainstSchema(obj, crdVersion.schema)]
      : obj.kind === 'CustomResourceDefinition' && req.subresource === undefined
        ? [...validateObject(obj, isCreate ? undefined : live), ...validateCrd(obj)]
        : req.subresource ? [] : validateObject(obj, isCreate ? undefined : live);
    if (errors.length > 0) {
      this.phase(p, 'validation', `${obj.kind} "${obj.metadata.name}" is invalid`, { errors: errors.length }, 'invalid', true);
      return this.respond(p, invalid(r, obj, errors));
    }
    if (p.showPhases) this.phase(p, 'validation', `valid ${obj.kind}`);
    this.phase(p, 'validating-admission', 'validating admission');
    this.stamp(obj, live, isCreate);
    if (r.custom) obj.metadata.generation = isCreate || !live ? 1 : (live.metadata.generation ?? 1) + (specChanged(obj, live, crdVersion?.status === true) ? 1 : 0);
    if (isCreate) defaultJobSelector(obj);
    // The update that removes the last finalizer of an object marked for deletion deletes it, once its grace period
    // is over (registry rest.ShouldDeleteDuringUpdate: the stored deletionGracePeriodSeconds nil or 0), for every kind.
    if (!isCreate && live && obj.metadata.deletionTimestamp && (live.metadata.finalizers ?? []).length > 0 && (obj.metadata.finalizers ?? []).length === 0 && !live.metadata.deletionGracePeriodSeconds && obj.kind !== 'Namespace') {
      // The last finalizer is gone: the object goes.
      return this.finalDelete(p, r, etcdKey(r, obj.metadata.namespace, obj.metadata.name), live);
    }
    // The etcd key made above (`k` of a create, `key` of any other write) is the stored object's key, unless admission
    // changed its name or namespace: one string (and one hash of it in each Map) per write instead of two.
    const fresh = req.verb === 'create' && req.subresource !== 'binding';
    const madeKey = fresh ? createKey : key;
    const madeName = fresh ? createName : name;
    const keyFits = madeKey !== undefined && obj.metadata.name === madeName && (!r.namespaced || (obj.metadata.namespace ?? '') === (req.namespace ?? ''));
    const storeKey = keyFits ? madeKey : undefined;
    this.store(p, r, obj, isCreate ? 0 : Number(live!.metadata.resourceVersion), req.verb === 'create' ? 201 : 200, storeKey);
  }

  /** `/registry/namespaces/<ns>`, made once per namespace (every namespaced write looks its namespace up). */
  private namespaceKey(ns: string): string {
    let k = this.namespaceKeys.get(ns);
    if (k === undefined) this.namespaceKeys.set(ns, (k = `/registry/namespaces/${ns}`));
    return k;
  }

  /**
   * The eviction subresource (pkg/registry/core/pod/storage/eviction.go): a
   * pod that is finished, pending or terminating, or that no budget selects,
   * is deleted; with one budget, disruptionsAllowed 0 answers 429
   * TooManyRequests, else the budget's status is decremented (the pod is
   * recorded under disruptedPods) and then the pod is deleted gracefully;
   * the answer is 201.
   */
  private evict(p: Pending): void {
    const { req } = p;
    const pod = this.cache.get('Pod', etcdKey(req.resource, req.namespace, req.name!));
    if (!pod) return this.respond(p, notFound(req.resource, req.name!));
    const pdbs = this.cache
      .list('PodDisruptionBudget', req.namespace)
      .filter((b) => selectorMatches(b.spec?.selector, pod.metadata.labels ?? {}))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const ready = isPodReady(pod);
    const decision = evictionDecision(
      { phase: pod.status?.phase, deleting: Boolean(pod.metadata.deletionTimestamp), ready },
      pdbs.map((b) => ({
        name: b.metadata.name,
        generation: b.metadata.generation ?? 1,
        observedGeneration: b.status?.observedGeneration ?? 0,
        disruptionsAllowed: b.status?.disruptionsAllowed ?? 0,
        currentHealthy: b.status?.currentHealthy ?? 0,
        desiredHealthy: b.status?.desiredHealthy ?? 0,
        disruptedPods: Object.keys(b.status?.disruptedPods ?? {}).length,
        ...(b.spec?.unhealthyPodEvictionPolicy ? { unhealthyPodEvictionPolicy: b.spec.unhealthyPodEvictionPolicy } : {}),
      })),
    );
    if (decision.kind === 'delete') {
      this.phase(p, 'validating-admission', pdbs.length === 0 ? 'no PodDisruptionBudget selects the pod' : `PodDisruptionBudget ${pdbs[0]!.metadata.name} not consulted`);
      return this.remove(p);
    }
    if (decision.kind === 'refuse') {
      const pdb = pdbs[0]!;
      this.phase(p, 'validating-admission', `PodDisruptionBudget ${pdb.metadata.name}: ${decision.cause ?? decision.message}`, { disruptionsAllowed: pdb.status?.disruptionsAllowed ?? 0 }, 'denied', true);
      return this.respond(p, { status: decision.status, result: decision.status === 500 ? 'error' : 'denied', reason: decision.reason, message: decision.message, ...(decision.cause ? { causes: [decision.cause] } : {}) });
    }
    const pdb = pdbs[0]!;
    const next = clone(pdb);
    const allowed = (pdb.status?.disruptionsAllowed ?? 0) - 1;
    next.status = { ...next.status!, disruptionsAllowed: allowed, disruptedPods: { ...(pdb.status?.disruptedPods ?? {}), [pod.metadata.name]: timestamp(this.clock.now()) } };
    if (allowed === 0) {
      next.status.conditions = (next.status.conditions ?? []).map((c) =>
        c.type === 'DisruptionAllowed' ? { ...c, status: 'False', reason: 'InsufficientPods', lastTransitionTime: timestamp(this.clock.now()) } : c,
      );
    }
    this.phase(p, 'validating-admission', `PodDisruptionBudget ${pdb.metadata.name}: disruptionsAllowed ${allowed + 1} → ${allowed}`, undefined, 'ok', true);
    const pdbRes = resourceForKind('PodDisruptionBudget')!;
    const key = etcdKey(pdbRes, pdb.metadata.namespace, pdb.metadata.name);
    this.etcdTxn(p, key, 'put', () => this.etcd.put(key, next, Number(pdb.metadata.resourceVersion)), (rev) => {
      next.metadata.resourceVersion = String(rev);
      const old = this.cache.set(key, next);
      this.fanout(next, 'MODIFIED', old, p.last);
      this.remove(p);
    }, pdbRes, pdb.metadata.name);
  }

  private remove(p: Pending): void {
    const { req } = p;
    const r = req.resource;
    const key = etcdKey(r, req.namespace, req.name!);
    const live = this.cache.get(r.kind, key);
    if (!live) return this.respond(p, notFound(r, req.name!));
    // grace 0: the kubelet's final delete of a pod, or the namespace controller finalizing a namespace.
    // Finalizers hold any object but a namespace (registry Store.Delete → BeforeDelete, updateForGracefulDeletionAndFinalizers):
    // a grace-0 delete (the kubelet's, --force, the pod GC's) only marks it (deletionGracePeriodSeconds 0, shortening a
    // pending graceful deletion) and the update that removes the last finalizer deletes it (ShouldDeleteDuringUpdate).
    const held = (live.metadata.finalizers ?? []).length > 0 && r.kind !== 'Namespace';
    // A pod's grace period (pod strategy CheckGracefulDelete): the DELETE's gracePeriodSeconds, else
    // spec.terminationGracePeriodSeconds; 0 for a pod on no node or already Succeeded/Failed.
    const podGrace = r.kind === 'Pod' ? podDeleteGrace(asPod(live), req.gracePeriodSeconds) : undefined;
    const finalNow = r.kind === 'Pod' ? podGrace === 0 : req.gracePeriodSeconds === 0 && Boolean(live.metadata.deletionTimestamp);
    // rest.BeforeDelete on a pod already being deleted: a DELETE may only shorten its grace period.
    const pendingGrace = live.metadata.deletionGracePeriodSeconds;
    if (!finalNow && r.kind === 'Pod' && live.metadata.deletionTimestamp && typeof pendingGrace === 'number' && podGrace !== undefined && req.gracePeriodSeconds !== undefined && podGrace < pendingGrace) {
      const obj = clone(live);
      obj.metadata.deletionTimestamp = timestamp(Date.parse(live.metadata.deletionTimestamp) - EPOCH_MS - pendingGrace * 1000 + podGrace * 1000);
      obj.metadata.deletionGracePeriodSeconds = podGrace;
      this.phase(p, 'validating-admission', `shorten the grace period of ${r.resource}/${req.name} to ${podGrace}s`);
      return this.store(p, r, obj, Number(live.metadata.resourceVersion), 200);
    }
    if (finalNow && held) {
      if (live.metadata.deletionTimestamp && live.metadata.deletionGracePeriodSeconds === 0) return this.respond(p, { status: 200, result: 'ok', object: clone(live) });
      const obj = clone(live);
      const shortened = r.kind === 'Pod' && live.metadata.deletionTimestamp !== undefined && Number(live.metadata.deletionGracePeriodSeconds ?? 0) > 0;
      obj.metadata.deletionTimestamp = shortened ? timestamp(this.clock.now()) : (live.metadata.deletionTimestamp ?? timestamp(this.clock.now()));
      obj.metadata.deletionGracePeriodSeconds = 0;
      this.phase(p, 'validating-admission', shortened ? `mark ${r.resource}/${req.name} for deletion (grace period 0; finalizers pending)` : r.kind === 'Pod' ? `mark ${r.resource}/${req.name} for deletion` : `${r.resource}/${req.name} waits for finalizers: ${(live.metadata.finalizers ?? []).join(', ')}`);
      return this.store(p, r, obj, Number(live.metadata.resourceVersion), 200);
    }
    if (!finalNow) {
      const policy = req.propagationPolicy ?? 'Background';
      const graceful = r.kind === 'Pod' && (podGrace ?? 0) > 0;
      const finalizer = policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : undefined;
      const hasDependents = this.cache.ownedBy(live.metadata.uid ?? '').length > 0;
      const finalizers = [...(live.metadata.finalizers ?? []), ...(finalizer && hasDependents ? [finalizer] : [])];
      if (graceful || finalizers.length > 0 || r.kind === 'Namespace' || live.metadata.deletionTimestamp) {
        // Graceful: mark for deletion; the kubelet, the garbage collector or the
        // namespace controller finishes the job.
        if (live.metadata.deletionTimestamp) return this.respond(p, { status: 200, result: 'ok', object: clone(live) });
        const obj = clone(live);
        const grace = graceful ? (podGrace ?? 0) : 0;
        obj.metadata.deletionTimestamp = timestamp(this.clock.now() + grace * 1000);
        // A pod (the one kind with a graceful delete strategy) gets its grace period (rest.BeforeDelete; 0 when it
        // is not on a node). Any other kind held by finalizers is marked by registry/store.go markAsDeleting:
        // deletionTimestamp now, deletionGracePeriodSeconds 0, metadata.generation bumped when it is set.
        // A namespace is marked by its own REST Delete (registry/core/namespace/storage), without a grace period.
        if (r.kind !== 'Namespace') {
          obj.metadata.deletionGracePeriodSeconds = grace;
          if ((obj.metadata.generation ?? 0) > 0) obj.metadata.generation = (obj.metadata.generation ?? 0) + 1;
        }
        if (finalizers.length > 0) obj.metadata.finalizers = finalizers;
        if (r.kind === 'Namespace') obj.status = { phase: 'Terminating' };
        this.phase(p, 'validating-admission', `mark ${r.resource}/${req.name} for deletion${finalizer && hasDependents ? ` (${policy})` : ''}`);
        return this.store(p, r, obj, Number(live.metadata.resourceVersion), 200);
      }
    }
    this.phase(p, 'validating-admission', 'validating admission');
    this.finalDelete(p, r, key, live);
  }

  private finalDelete(p: Pending, r: ResourceInfo, key: string, live: Obj): void {
    this.etcdTxn(p, key, 'delete', () => this.etcd.delete(key), (rev) => {
      this.cache.delete(r.kind, key);
      const gone = clone(live);
      gone.metadata.resourceVersion = String(rev);
      this.fanout(gone, 'DELETED', live, p.last);
      this.respond(p, { status: 200, result: 'ok', object: gone });
    });
  }

  /** Writes to etcd with optimistic concurrency, updates the cache, notifies watchers, answers. */
  private store(p: Pending, r: ResourceInfo, obj: Obj, expectRev: number, status: number, known?: string): void {
    const key = known ?? etcdKey(r, obj.metadata.namespace, obj.metadata.name);
    this.etcdTxn(p, key, 'put', () => this.etcd.put(key, obj, expectRev), (rev) => {
      obj.metadata.resourceVersion = String(rev);
      const old = this.cache.set(key, obj);
      this.fanout(obj, old ? 'MODIFIED' : 'ADDED', old, p.last);
      // Stored objects are never mutated once stored, so the response can share it.
      this.respond(p, { status, result: 'ok', object: obj });
    }, r, obj.metadata.name);
  }

  private etcdTxn(
    p: Pending,
    key: string,
    op: 'put' | 'delete',
    run: () => ReturnType<Etcd<Obj>['put']>,
    then: (rev: number) => void,
    r?: ResourceInfo,
    name?: string,
  ): void {
    const etcdReq = this.rec.emit({
      type: 'request',
      from: p.server,
      to: this.opts.etcdId,
      verb: 'txn',
      etcd: { key, op: 'txn' },
      summary: `${op} ${key}`,
      cause: p.last,
    });
    p.last = etcdReq;
    this.clock.after(LATENCY.etcdWrite, () => {
      // Several members: one Raft round per write (../etcd-raft.ts); without a quorum the proposal times out.
      const round = this.opts.etcdMembers.length > 1 ? replicate(this.rec, this.etcd, key, op, p.last) : undefined;
      if (round) p.last = round.last;
      this.clock.after(round?.delayMs ?? 0, () => this.etcdResult(p, key, op, run, then, r, name, round?.noLeader === true));
    });
  }

  private etcdResult(
    p: Pending,
    key: string,
    op: 'put' | 'delete',
    run: () => ReturnType<Etcd<Obj>['put']>,
    then: (rev: number) => void,
    r?: ResourceInfo,
    name?: string,
    noLeader = false,
  ): void {
    // A proposal that timed out leaves the member set unchanged, so `run` fails here as etcd would.
    const res = run();
    if (!res.ok) {
      // A proposal made while there was a leader times out as ErrTimeout (v3_server.go parseProposeCtxErr); one made
      // without a leader never reaches raft: node.Propose returns its context's error, which etcd's gRPC layer passes
      // on as DeadlineExceeded (v3rpc/util.go togRPCError) and kube-apiserver reports as is.
      const unavailable = noLeader ? ETCD_NO_LEADER_WRITE : 'etcdserver: request timed out';
      p.last = this.rec.emit({ type: 'response', from: this.opts.etcdId, to: p.server, verb: 'txn', etcd: { key, op: 'txn' }, summary: `${op} failed: ${res.reason === 'unavailable' ? unavailable : res.reason}`, result: res.reason === 'unavailable' ? 'unavailable' : 'conflict', cause: p.last });
      if (res.reason === 'unavailable') return this.respond(p, { status: 500, result: 'unavailable', reason: 'InternalError', message: unavailable });
      if (res.reason === 'exists' && r) return this.respond(p, { status: 409, result: 'conflict', reason: 'AlreadyExists', message: `${qualifiedResource(r)} "${name}" already exists` });
      // A patch carries no resourceVersion: like GuaranteedUpdate, the API server reads the object again and
      // re-applies the patch when another writer got in first (only an update with a stale resourceVersion conflicts).
      if (op === 'put' && p.req.verb === 'patch' && (p.retries ?? 0) < MAX_PATCH_RETRIES) {
        p.retries = (p.retries ?? 0) + 1;
        return this.write(p);
      }
      return this.respond(p, conflict(r ?? resourceForKind('Pod')!, name ?? key));
    }
    p.last = this.rec.emit({
      type: 'response',
      from: this.opts.etcdId,
      to: p.server,
      verb: 'txn',
      etcd: { key, op: op === 'put' ? 'put' : 'delete', revision: res.revision },
      summary: `${op === 'put' ? 'stored' : 'deleted'} ${key}`,
      result: 'ok',
      cause: p.last,
    });
    then(res.revision);
  }

  // ---- watch fan-out --------------------------------------------------------

  private fanout(obj: Obj, type: WatchType, old: Obj | undefined, cause: string): void {
    // What every watch event of this change shares, made once: the resource
    // reference, the attrs and the summary per watch type (strings and objects
    // that no one mutates; the recorder copies attrs).
    let resource: ResourceRef | undefined;
    let attrs: Record<string, string> | undefined;
    let summaries: Partial<Record<WatchType, string>> | undefined;
    for (const w of this.watchersFor(obj, old)) {
      let t: WatchType | undefined = type;
      if (w.nodeName !== undefined) {
        const was = specNodeName(old) === w.nodeName;
        const is = type !== 'DELETED' && specNodeName(obj) === w.nodeName;
        t = was && is ? 'MODIFIED' : is ? 'ADDED' : was ? 'DELETED' : undefined;
        if (!t) continue;
      }
      const wt: WatchType = t;
      if (w.filter && !w.filter(obj, wt, old)) continue;
      this.clock.after(LATENCY.watchDelivery, () => {
        // Watch streams are modelled as held by one API server: the control-plane leader's (simplification).
        resource ??= this.ref(this.resourceOf(obj.kind), obj.metadata.namespace, obj.metadata.name);
        attrs ??= { resourceVersion: obj.metadata.resourceVersion ?? '' };
        summaries ??= {};
        const summary = (summaries[wt] ??= `${wt} ${obj.kind.toLowerCase()}/${obj.metadata.name}`);
        const id = this.rec.emit({ type: 'watch', from: this.localServer, to: w.component, verb: 'watch', resource, summary, cause, attrs });
        const ev: WatchEvent = { type: wt, object: obj, cause: id };
        if (old) ev.old = old;
        w.handler(ev);
      });
    }
  }

  // ---- helpers --------------------------------------------------------------

  private phase(p: Pending, phase: NonNullable<TraceEvent['phase']>, summary: string, attrs?: Record<string, string | number | boolean>, result?: TraceEvent['result'], always = false): void {
    if (!p.showPhases && !always) return;
    if (!p.showPhases && always && result === 'ok') return;
    // One literal shape (no conditional spreads): the recorder treats an undefined member as absent.
    p.last = this.rec.emit({ type: 'phase', from: p.server, to: p.server, phase, summary, result: result || undefined, cause: p.last, attrs });
  }

  private respond(p: Pending, given: Omit<ApiResponse, 'eventId'>): void {
    const { req } = p;
    // An accepted eviction answers 201 Created (a metav1.Status Success).
    const res = req.subresource === 'eviction' && given.status === 200 ? { ...given, status: 201 } : given;
    const sub = req.subresource ? `/${req.subresource}` : '';
    const answer = this.rec.emit({
      type: 'response',
      from: p.server,
      to: p.viaLb ? LB_ID : req.from,
      verb: req.verb,
      method: METHOD[req.verb],
      resource: this.ref(req.resource, req.namespace, res.object?.metadata.name ?? req.name, req.subresource),
      status: res.status,
      result: res.result,
      summary: (summaryOf(req.resource, res.status, req.subresource ?? '') ?? remember(req.resource, res.status, req.subresource ?? '', `${res.status} ${statusText(res.status)}${res.status >= 400 ? '' : ` ${req.resource.resource}${sub}`}`)),
      ...(res.message && res.status >= 400 ? { detail: res.message } : {}),
      cause: p.last,
    });
    // Through the load balancer, the answer is relayed back to the client.
    const eventId = p.viaLb ? this.rec.emit({ ...strip(this.rec.last()!), from: LB_ID, to: req.from, cause: answer }) : answer;
    this.clock.after(LATENCY.clientToApi, () => p.done(response(res, eventId)));
  }

  private ref(r: ResourceInfo, namespace?: string, name?: string, subresource?: string): ResourceRef {
    return resourceRef(r, namespace, name, subresource);
  }

  private stamp(obj: Obj, live: Obj | undefined, isCreate: boolean): void {
    const m = obj.metadata;
    if (isCreate) {
      m.uid = makeUid(this.opts.seed, obj.kind, m.namespace ?? '', m.name, this.etcd.currentRevision);
      m.creationTimestamp = timestamp(this.clock.now());
      if (GENERATION_KINDS.has(obj.kind)) m.generation = 1;
      delete m.resourceVersion;
    } else if (live) {
      m.uid = live.metadata.uid;
      m.creationTimestamp = live.metadata.creationTimestamp;
      if (GENERATION_KINDS.has(obj.kind)) {
        // A status write keeps the stored spec object itself (mergeSubresource): nothing to compare.
        const specChanged = obj.spec !== live.spec && JSON.stringify(obj.spec) !== JSON.stringify(live.spec);
        m.generation = (live.metadata.generation ?? 1) + (specChanged ? 1 : 0);
      }
    }
  }

  private allocate(obj: Obj): void {
    if (obj.kind === 'Service') allocateServiceIps(obj, this.ips);
  }
}

/** The fields of a recorded event that a relay copies (not its identity, position or cause). */
/**
 * `{ ...res, eventId }` built field by field: a spread-first literal gets a new
 * hidden class for nearly every response on Node 20, and this runs for every
 * API call of very large simulations. Undefined members stay out.
 */
function response(res: Omit<ApiResponse, 'eventId'>, eventId: string): ApiResponse {
  const out: ApiResponse = { status: res.status, result: res.result, eventId };
  if (res.object !== undefined) out.object = res.object;
  if (res.items !== undefined) out.items = res.items;
  if (res.reason !== undefined) out.reason = res.reason;
  if (res.message !== undefined) out.message = res.message;
  if (res.causes !== undefined) out.causes = res.causes;
  if (res.clientMessage !== undefined) out.clientMessage = res.clientMessage;
  return out;
}

/** Every optional member of ApiResponse is copied above: a member added later without a line here fails to compile. */
type Copied = 'status' | 'result' | 'eventId' | 'object' | 'items' | 'reason' | 'message' | 'causes' | 'clientMessage';
const everyMemberCopied: Exclude<keyof ApiResponse, Copied> extends never ? true : never = true;
void everyMemberCopied;

/**
 * What mergeSubresource and the resourceVersion check read of a /status update's
 * body: the body's own members (never stored, never written to) with a copy of
 * its status, instead of a copy of the whole object (its spec, a Pod template…).
 */
function statusOf(body: Obj): Obj {
  const out: Obj = { ...body };
  if (body.status === undefined) delete out.status;
  else out.status = clone(body.status);
  return out;
}

/**
 * Summaries that depend only on a resource, a verb or status and a
 * subresource, made once each: a request's or a response's summary is then a
 * shared string, not a new one per event (every event is kept to the end).
 */
const SUMMARIES = new WeakMap<ResourceInfo, Map<string | number, Map<string, string>>>();

function summaryOf(r: ResourceInfo, what: string | number, sub: string): string | undefined {
  return SUMMARIES.get(r)?.get(what)?.get(sub);
}

function remember(r: ResourceInfo, what: string | number, sub: string, summary: string): string {
  let byWhat = SUMMARIES.get(r);
  if (!byWhat) SUMMARIES.set(r, (byWhat = new Map()));
  let bySub = byWhat.get(what);
  if (!bySub) byWhat.set(what, (bySub = new Map()));
  bySub.set(sub, summary);
  return summary;
}

function pushAll<T>(out: T[], xs: readonly T[] | undefined): void {
  if (xs) for (let i = 0; i < xs.length; i++) out.push(xs[i]!);
}

function strip(e: TraceEvent): Omit<TraceEvent, 'seq' | 'id' | 'sig' | 't' | 'step' | 'cause'> {
  const { seq: _seq, id: _id, sig: _sig, t: _t, step: _step, cause: _cause, ...rest } = e;
  return rest;
}

/**
 * A /status patch's input: the stored object with a copy of its status, its
 * spec and metadata shared (frozen in test/cluster/frozen-store.test.ts, so a
 * patch function that writes into them fails the suite). Key order as the
 * stored object's, as clone() keeps it.
 */
function withStatusCopy(live: Obj): Obj {
  const out: Obj = { ...live };
  if (live.status !== undefined) out.status = clone(live.status);
  return out;
}

/**
 * The binding subresource (pkg/registry/core/pod/storage/storage.go assignPod), as the model has it:
 * spec.nodeName set and the PodScheduled condition True. A whole copy: sharing the stored pod's parts
 * here (spread copies of metadata, spec and status) measured ~4 % slower per event over a whole run
 * (docs/performance.md, session 15), so it stays a clone.
 */
function bindPod(live: Obj, binding: Obj): Obj {
  const pod = asPod(clone(live));
  pod.spec.nodeName = binding.target?.name;
  pod.status = pod.status ?? {};
  const conds = (pod.status.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
  conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: binding.metadata?.creationTimestamp ?? null });
  pod.status.conditions = conds;
  return pod;
}

/** A write to `/status` changes only status; a write to the main resource keeps status. */
function mergeSubresource(live: Obj, next: Obj, sub: string | undefined): Obj {
  if (sub === 'status') return { ...live, metadata: { ...live.metadata }, status: next.status };
  if (sub === 'scale') return next;
  if (live.status !== undefined && live.kind !== 'Namespace') return { ...next, status: clone(live.status) };
  return next;
}

export function notFound(r: ResourceInfo, name: string): Omit<ApiResponse, 'eventId'> {
  return { status: 404, result: 'not-found', reason: 'NotFound', message: `${qualifiedResource(r)} "${name}" not found` };
}

/** Bound on re-applying one patch (the real loop runs until it wins; a scenario never needs more). */
const MAX_PATCH_RETRIES = 5;

function conflict(r: ResourceInfo, name: string): Omit<ApiResponse, 'eventId'> {
  return {
    status: 409,
    result: 'conflict',
    reason: 'Conflict',
    message: `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
  };
}

function invalid(r: ResourceInfo, obj: Obj, causes: string[]): Omit<ApiResponse, 'eventId'> {
  const kind = r.group ? `${obj.kind}.${r.group}` : obj.kind;
  const list = causes.length === 1 ? causes[0] : `[${causes.join(', ')}]`;
  return { status: 422, result: 'invalid', reason: 'Invalid', message: `${kind} "${obj.metadata.name}" is invalid: ${list}`, causes };
}

/** Made once (not a table per response). */
const STATUS_TEXT = new Map<number, string>([[200, 'OK'], [201, 'Created'], [400, 'Bad Request'], [403, 'Forbidden'], [405, 'Method Not Allowed'], [404, 'Not Found'], [409, 'Conflict'], [422, 'Unprocessable Entity'], [429, 'Too Many Requests'], [500, 'Internal Server Error'], [503, 'Service Unavailable'], [504, 'Gateway Timeout']]);

function statusText(s: number): string {
  return STATUS_TEXT.get(s) ?? '';
}

/** podStrategy CheckGracefulDelete (pkg/registry/core/pod/strategy.go): the grace period a DELETE gives a pod. */
function podDeleteGrace(pod: PodObj, requested: number | undefined): number {
  if (!pod.spec?.nodeName) return 0;
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
  return requested ?? pod.spec.terminationGracePeriodSeconds ?? 30;
}
