/** `kubectl get` and `kubectl describe`: reads, served by the API server's watch cache. */
import { parseSelector, matchesSelector } from '../../scenario/selector.ts';
import type { Obj } from '../core/object.ts';
import { resourceForKind } from '../core/resources.ts';
import { selectorMatches } from '../core/selector.ts';
import { asDaemonSet, asDeployment, asPod, asStatefulSet } from '../core/typed.ts';
import { flag, hasFlag } from './args.ts';
import { emit, printDescribeOutput, printGetOutput } from './print.ts';
import { resolveType, serverError } from './resolve.ts';
import type { Session } from './session.ts';
import { isMultiGet, runGetMany } from './get-many.ts';
import { EPOCH_MS } from '../core/object.ts';
import { parseCsr } from './printers/describe-certificates.ts';
import { asDict } from './printers/format.ts';
import { NO_EVENTS } from './printers/describe.ts';

export function runGet(s: Session): void {
  const [typeArg, ...names] = s.args.words;
  if (!typeArg) {
    s.error('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.');
    return s.finish(1);
  }
  if (isMultiGet(typeArg, names)) return runGetMany(s, typeArg);
  // `kubectl get deployment/web`
  const [typeName, slashName] = typeArg.includes('/') ? (typeArg.split('/') as [string, string]) : [typeArg, undefined];
  const r = resolveType(typeName, s.w.api.customResources());
  if (!r) {
    s.error(`error: the server doesn't have a resource type "${typeName}"`);
    return s.finish(1);
  }
  const all = hasFlag(s.args, 'all-namespaces');
  const namespace = r.namespaced && !all ? (flag(s.args, 'namespace') ?? 'default') : undefined;
  const output = flag(s.args, 'output');
  const now = EPOCH_MS + s.w.clock.now();
  const wanted = slashName ? [slashName] : names;
  // --subresource (kubectl get.go: supportedSubresources): GET …/status prints the object, …/scale its Scale.
  const subresource = flag(s.args, 'subresource');
  if (subresource !== undefined && subresource !== 'status' && subresource !== 'scale') {
    s.error(`error: invalid subresource value: "${subresource}". Must be one of [status scale]`);
    return s.finish(1);
  }
  if (subresource === 'scale' && !r.custom) {
    // The model's API server answers …/scale of a built-in kind with the object itself (its controllers read it so): not kubectl's Scale.
    s.error(`error: kubectl get --subresource=scale is modelled for custom resources only, not for ${r.resource}`);
    return s.finish(1);
  }
  if (wanted.length > 0) {
    const found: Obj[] = [];
    let failed = false;
    const next = (i: number): void => {
      if (i >= wanted.length) {
        // `get KIND NAME -o yaml` prints the object itself, not a List.
        const table = subresource === 'scale' ? 'scales' : r.resource;
        const columns = subresource === 'scale' ? undefined : r.custom?.columns;
        if (found.length > 0 && !emit(s, printGetOutput(found, table, output, all, now, wanted.length === 1, hasFlag(s.args, 'no-headers'), columns))) return s.finish(1);
        return s.finish(failed ? 1 : 0);
      }
      s.call({ verb: 'get', resource: r, namespace, name: wanted[i]!, ...(subresource ? { subresource } : {}) }, (res) => {
        if (res.status === 200) found.push(res.object!);
        else {
          s.error(serverError(res));
          failed = true;
        }
        next(i + 1);
      });
    };
    return next(0);
  }
  if (subresource !== undefined) {
    // cli-runtime's resource Builder: a subresource needs named objects.
    s.error('error: subresource cannot be used when bulk resources are specified');
    return s.finish(1);
  }
  const selText = flag(s.args, 'selector');
  const sel = selText !== undefined ? parseSelector(selText) : undefined;
  if (sel && !sel.ok) {
    s.error(`error: ${sel.error}`);
    return s.finish(1);
  }
  s.call({ verb: 'list', resource: r, namespace, ...(sel?.ok ? { match: (o: Obj) => matchesSelector(sel.value, o.metadata.labels) } : {}) }, (res) => {
    if (res.status !== 200) {
      s.error(serverError(res));
      return s.finish(1);
    }
    const items = res.items ?? [];
    if (items.length === 0 && (output === undefined || output === 'wide' || output === 'name')) {
      s.error(namespace ? `No resources found in ${namespace} namespace.` : 'No resources found');
      return s.finish(0);
    }
    s.finish(emit(s, printGetOutput(items, r.resource, output, all, now, false, hasFlag(s.args, 'no-headers'), r.custom?.columns)) ? 0 : 1);
  });
}

export function runDescribe(s: Session): void {
  const [typeArg, nameArg] = s.args.words;
  const [typeName, slashName] = typeArg?.includes('/') ? (typeArg.split('/') as [string, string]) : [typeArg ?? '', nameArg];
  const r = resolveType(typeName, s.w.api.customResources());
  if (!r) {
    s.error(`error: the server doesn't have a resource type "${typeName}"`);
    return s.finish(1);
  }
  if (!slashName) {
    s.error('error: describing all objects of a type is not modelled; name one object');
    return s.finish(1);
  }
  const namespace = r.namespaced ? (flag(s.args, 'namespace') ?? 'default') : undefined;
  s.call({ verb: 'get', resource: r, namespace, name: slashName }, (res) => {
    if (res.status !== 200) {
      s.error(serverError(res));
      return s.finish(1);
    }
    const obj = res.object!;
    const ns = obj.metadata.namespace ?? 'default';
    const extra: Extra = {};
    const print = (events: Obj[]): void => {
      // CertificateSigningRequestDescriber.Describe: certificate.ParseCSR of spec.request, else kubectl's error.
      const csr = obj.kind === 'CertificateSigningRequest' && !r.custom ? parseCsr(asDict(obj.spec).request) : undefined;
      if (csr && !csr.ok) {
        s.error(`error: Error parsing CSR: ${csr.error}`);
        return s.finish(1);
      }
      const related = {
        events,
        pods: relatedPods(s, obj),
        replicaSets: relatedReplicaSets(s, obj),
        ...(r.custom || r.kind === 'CustomResourceDefinition' ? { custom: true } : {}),
        ...extra,
      };
      s.print(printDescribeOutput(obj, related, EPOCH_MS + s.w.clock.now()).replace(/\n$/, ''));
      s.finish(0);
    };
    // searchEvents: the Events whose involvedObject is this object, in the object's namespace (all namespaces for a
    // cluster-scoped one: Events(ref.Namespace) with ""); the describers that search none do not call it.
    const evNs = obj.metadata.namespace !== undefined ? { namespace: obj.metadata.namespace } : {};
    const searchEvents = (uid: string | undefined, then: (evs: Obj[]) => void): void =>
      s.call({ verb: 'list', resource: resourceForKind('Event')!, ...evNs, match: (e) => e.involvedObject?.uid === uid }, (evs) => then(evs.items ?? []));
    const events = (then: (evs: Obj[]) => void): void => {
      if (NO_EVENTS.has(obj.kind) && !r.custom) return then([]);
      searchEvents(obj.metadata.uid, then);
    };
    const list = (kind: string, namespace: string, then: (items: Obj[]) => void, match?: (o: Obj) => boolean): void =>
      s.call({ verb: 'list', resource: resourceForKind(kind)!, namespace, ...(match ? { match } : {}) }, (l) => then(l.status === 200 ? [...(l.items ?? [])].sort(byName) : []));
    const bySlices = (service: string) => (o: Obj) => o.metadata.labels?.['kubernetes.io/service-name'] === service;
    switch (obj.kind) {
      case 'Service':
        // ServiceDescriber.Describe (kubectl 1.31): the EndpointSlices labelled kubernetes.io/service-name=NAME, then the Events.
        return list('EndpointSlice', ns, (slices) => ((extra.endpointSlices = slices), events(print)), bySlices(obj.metadata.name));
      case 'ServiceAccount':
        // ServiceAccountDescriber.Describe: the namespace's Secrets (token Secrets, missing ones), then the Events.
        return list('Secret', ns, (secrets) => ((extra.secrets = secrets), events(print)));
      case 'Namespace':
        // NamespaceDescriber.Describe: the namespace's ResourceQuotas, then its LimitRanges; no Events.
        return list('ResourceQuota', obj.metadata.name, (quotas) => {
          extra.resourceQuotas = quotas;
          list('LimitRange', obj.metadata.name, (limits) => ((extra.limitRanges = limits), print([])));
        });
      case 'Ingress':
        // IngressDescriber: the Events, then while printing, for each Service backend (the default one first, then each
        // path's) its EndpointSlices (by label) and the Service itself (describeBackendV1).
        return events((evs) => {
          const services = ingressBackendServices(obj);
          extra.services = [];
          extra.endpointSlices = [];
          const next = (i: number): void => {
            const name = services[i];
            if (name === undefined) return print(evs);
            list('EndpointSlice', ns, (slices) => {
              for (const sl of slices) if (!extra.endpointSlices!.some((x) => x.metadata.uid === sl.metadata.uid)) extra.endpointSlices!.push(sl);
              s.call({ verb: 'get', resource: resourceForKind('Service')!, namespace: ns, name }, (svc) => {
                if (svc.status === 200 && svc.object && !extra.services!.some((x) => x.metadata.uid === svc.object!.metadata.uid)) extra.services!.push(svc.object);
                next(i + 1);
              });
            }, bySlices(name));
          };
          next(0);
        });
      case 'Deployment':
        // DeploymentDescriber.Describe: the Events, then deploymentutil.GetAllReplicaSetsInChunks lists the namespace's
        // ReplicaSets by the Deployment's label selector and keeps those it controls (listReplicaSets, ControllerRef).
        return events((evs) => list('ReplicaSet', ns, (rss) => {
          extra.replicaSets = rss.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller === true && o.uid === obj.metadata.uid));
          print(evs);
        }, (rs) => selectorMatches(asDeployment(obj).spec.selector, rs.metadata.labels)));
      case 'Node':
        // NodeDescriber.Describe: the node's non-terminated Pods in all namespaces (fieldSelector spec.nodeName=NAME,
        // status.phase!=Succeeded,status.phase!=Failed), then searchEvents twice, by the Node's UID (controllers) and by
        // its name as UID (the kubelet's events), merged.
        return s.call({ verb: 'list', resource: resourceForKind('Pod')!, match: (p) => asPod(p).spec?.nodeName === obj.metadata.name && !TERMINATED.has(asPod(p).status?.phase ?? ''), note: `fieldSelector=spec.nodeName=${obj.metadata.name},status.phase!=Succeeded,status.phase!=Failed` }, (pl) => {
          extra.pods = pl.status === 200 ? [...(pl.items ?? [])] : [];
          events((byUid) => searchEvents(obj.metadata.name, (byName) => {
            const seen = new Set(byUid.map((e) => e.metadata.uid));
            print([...byUid, ...byName.filter((e) => !seen.has(e.metadata.uid))]);
          }));
        });
      default:
        return events(print);
    }
  });
}

/**
 * The pods kubectl describe reads for `obj`: those on a Node, a ReplicaSet's;
 * for a StatefulSet or DaemonSet those its selector lists
 * (getPodStatusForController then counts the ones it controls); for a
 * PersistentVolumeClaim the namespace's pods (getPodsForPVC picks the users).
 */
function relatedPods(s: Session, obj: Obj): Obj[] {
  const cache = s.w.api.cache;
  if (obj.kind === 'Node') return [...cache.podsOnNode(obj.metadata.name)];
  if (obj.kind === 'ReplicaSet' || obj.kind === 'ReplicationController') return cache.ownedBy(obj.metadata.uid ?? '').filter((p) => p.kind === 'Pod');
  if (obj.kind === 'StatefulSet' || obj.kind === 'DaemonSet') {
    const sel = obj.kind === 'StatefulSet' ? asStatefulSet(obj).spec.selector : asDaemonSet(obj).spec.selector;
    return cache.list('Pod', obj.metadata.namespace).filter((p) => selectorMatches(sel, p.metadata.labels));
  }
  if (obj.kind === 'PersistentVolumeClaim') return cache.list('Pod', obj.metadata.namespace);
  return [];
}

function relatedReplicaSets(s: Session, obj: Obj): Obj[] {
  if (obj.kind !== 'Deployment') return [];
  return s.w.api.cache.ownedBy(obj.metadata.uid ?? '').filter((o) => o.kind === 'ReplicaSet');
}

/** What some describers read besides the object and its Events. */
interface Extra {
  services?: Obj[];
  endpointSlices?: Obj[];
  secrets?: Obj[];
  resourceQuotas?: Obj[];
  limitRanges?: Obj[];
  replicaSets?: Obj[];
  pods?: Obj[];
}

const TERMINATED: ReadonlySet<string> = new Set(['Succeeded', 'Failed']);

function byName(a: Obj, b: Obj): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** The Service of each backend describeIngressV1 describes, in its order: the default backend, then each HTTP path's. */
function ingressBackendServices(ing: Obj): string[] {
  const sp = (ing.spec ?? {}) as { defaultBackend?: { service?: { name?: string } }; rules?: { http?: { paths?: { backend?: { service?: { name?: string } } }[] } }[] };
  const names: string[] = [];
  const def = sp.defaultBackend?.service?.name;
  if (def !== undefined) names.push(def);
  for (const rule of sp.rules ?? []) for (const path of rule.http?.paths ?? []) if (path.backend?.service?.name !== undefined) names.push(path.backend.service.name);
  return names;
}
