/**
 * `kubectl expose (deployment|replicaset|replicationcontroller|pod|service) NAME
 * [--port=P] [--target-port=T] [--type=T] [--name=N] [--protocol=TCP]`:
 * creates a Service whose selector is the exposed object's (pkg/cmd/expose).
 * As kubectl does, it GETs the object first, introspects the selector (and the
 * container ports when --port is absent), then POSTs the Service.
 */
import type { Obj } from '../core/object.ts';
import { resourceForKind } from '../core/resources.ts';
import { flag } from './args.ts';
import { invalidMessage, serverError } from './resolve.ts';
import type { Session } from './session.ts';

const KINDS: Record<string, string> = {
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment',
  replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', rs: 'ReplicaSet',
  replicationcontroller: 'ReplicationController', replicationcontrollers: 'ReplicationController', rc: 'ReplicationController',
  pod: 'Pod', pods: 'Pod', po: 'Pod',
  service: 'Service', services: 'Service', svc: 'Service',
};
const SERVICE = resourceForKind('Service')!;
const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

type Dict = Record<string, unknown>;
const dict = (v: unknown): Dict => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Dict) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The selector kubectl introspects, or an error in kubectl's words. */
function selectorOf(obj: Obj): Record<string, string> | string {
  const spec = dict(obj['spec']);
  if (obj.kind === 'Pod') return { ...(obj.metadata.labels ?? {}) };
  if (obj.kind === 'Service' || obj.kind === 'ReplicationController') return { ...(dict(spec['selector']) as Record<string, string>) };
  const sel = dict(spec['selector']);
  if (list(sel['matchExpressions']).length > 0) {
    return `couldn't retrieve selectors via --selector flag or introspection: the ${obj.kind} has a selector with matchExpressions, which expose cannot use`;
  }
  return { ...(dict(sel['matchLabels']) as Record<string, string>) };
}

/** Container ports of the object's pod template (or the pod, or the service). */
function portsOf(obj: Obj): { port: number; protocol: string }[] {
  const spec = dict(obj['spec']);
  if (obj.kind === 'Service') return list(spec['ports']).map((p) => ({ port: Number(dict(p)['port']), protocol: String(dict(p)['protocol'] ?? 'TCP') }));
  const podSpec = obj.kind === 'Pod' ? spec : dict(dict(spec['template'])['spec']);
  return list(podSpec['containers']).flatMap((c) =>
    list(dict(c)['ports']).map((p) => ({ port: Number(dict(p)['containerPort']), protocol: String(dict(p)['protocol'] ?? 'TCP') })),
  );
}

export function runExpose(s: Session): void {
  const [typeArg, nameArg] = s.args.words;
  const [type, name] = typeArg?.includes('/') ? (typeArg.split('/', 2) as [string, string]) : [typeArg ?? '', nameArg];
  const kind = KINDS[type];
  if (!type || !name) {
    s.error('error: You must provide one or more resources by argument or filename.');
    return s.finish(1);
  }
  if (!kind) {
    s.error(`error: cannot expose a ${type}`);
    return s.finish(1);
  }
  const svcType = flag(s.args, 'type');
  if (svcType !== undefined && !TYPES.includes(svcType)) {
    s.error(`error: invalid service type "${svcType}"; must be one of ${TYPES.join(', ')}`);
    return s.finish(1);
  }
  const namespace = flag(s.args, 'namespace') ?? 'default';
  s.call({ verb: 'get', resource: resourceForKind(kind)!, namespace, name }, (got) => {
    if (got.status !== 200 || !got.object) {
      s.error(serverError(got));
      return s.finish(1);
    }
    const selector = selectorOf(got.object);
    if (typeof selector === 'string') {
      s.error(`error: ${selector}`);
      return s.finish(1);
    }
    const portFlag = flag(s.args, 'port');
    const protocol = flag(s.args, 'protocol') ?? 'TCP';
    const introspected = portsOf(got.object);
    const ports = portFlag !== undefined ? [{ port: Number(portFlag), protocol }] : introspected;
    if (ports.length === 0 || ports.some((p) => !Number.isInteger(p.port) || p.port < 1 || p.port > 65535)) {
      s.error("error: couldn't find port via --port flag or introspection");
      return s.finish(1);
    }
    const target = flag(s.args, 'target-port');
    const svcName = flag(s.args, 'name') ?? name;
    const service: Obj = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: svcName, namespace, ...(got.object.metadata.labels ? { labels: { ...got.object.metadata.labels } } : {}) },
      spec: {
        ports: ports.map((p, i) => ({
          ...(ports.length > 1 ? { name: `port-${i + 1}` } : {}),
          port: p.port,
          protocol: p.protocol,
          targetPort: target !== undefined ? (/^\d+$/.test(target) ? Number(target) : target) : p.port,
        })),
        selector,
        ...(svcType !== undefined ? { type: svcType } : {}),
      },
    };
    s.call({ verb: 'create', resource: SERVICE, namespace, body: service }, (res) => {
      if (res.status === 201) {
        s.print(`service/${svcName} exposed`);
        return s.finish(0);
      }
      s.error(res.reason === 'Invalid' ? invalidMessage('Service', svcName, res.causes ?? []) : serverError(res));
      s.finish(1);
    });
  });
}
