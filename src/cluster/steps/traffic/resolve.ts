/**
 * Reads a traffic step's `from` and `to` against the cluster: which pod (or
 * the internet, or a node) sends, and what it addresses.
 */
import type { TrafficStep } from '../../../scenario/types.ts';
import { mapSelectorMatches } from '../../core/selector.ts';
import { isPodReady } from '../../core/object-helpers.ts';
import type { PodObj } from '../../core/typed.ts';
import type { World } from '../../components/world.ts';
import { nodeNamed } from '../../components/network/views.ts';
import { INTERNET_CLIENT_IP, internet } from '../../components/network/actors.ts';
import type { Source, Target } from './types.ts';

export type Resolved<T> = { ok: true; value: T } | { ok: false; message: string };

function runningPods(w: World, ns: string): PodObj[] {
  return w.api.cache.list('Pod', ns).filter((p) => p.status?.podIP && p.spec?.nodeName && !p.metadata.deletionTimestamp);
}

function podSource(p: PodObj): Source {
  return { kind: 'pod', component: `pod:${p.metadata.namespace}/${p.metadata.name}`, ip: p.status!.podIP!, namespace: p.metadata.namespace!, name: p.metadata.name, node: p.spec.nodeName! }; // a running pod (runningPods): bound, with an IP
}

export function resolveSource(w: World, step: TrafficStep): Resolved<Source> {
  const ns = step.namespace ?? 'default';
  const from = step.from;
  if (from === 'internet') return { ok: true, value: { kind: 'internet', component: internet(w), ip: INTERNET_CLIENT_IP } };
  const [type, name] = from.includes('/') ? (from.split('/', 2) as [string, string]) : ['', from];
  if (type === 'pod' || type === 'po' || type === 'pods') {
    const pods = runningPods(w, ns);
    const p = pods.find((x) => x.metadata.name === name) ?? pods.find((x) => x.metadata.name.startsWith(`${name}-`));
    return p ? { ok: true, value: podSource(p) } : { ok: false, message: `pod "${name}" not found or not running in namespace "${ns}"` };
  }
  if (type === 'deployment' || type === 'deploy' || type === 'deployments') {
    const d = w.api.cache.get('Deployment', `/registry/deployments/${ns}/${name}`);
    if (!d) return { ok: false, message: `deployments.apps "${name}" not found` };
    const sel = (d.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
    const pods = runningPods(w, ns).filter((p) => mapSelectorMatches(sel, p.metadata.labels) && isPodReady(p));
    return pods[0] ? { ok: true, value: podSource(pods[0]) } : { ok: false, message: `deployment "${name}" has no running pod to send from` };
  }
  if (type === '') {
    const node = nodeNamed(w, name);
    if (node) return { ok: true, value: { kind: 'node', component: `cni@${node.name}`, ip: node.ip, node: node.name } };
  }
  return { ok: false, message: `cannot send from "${from}": use internet, pod/NAME, deployment/NAME or a node name` };
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

export function resolveTarget(step: TrafficStep): Resolved<Target> {
  const ns = step.namespace ?? 'default';
  const path = step.path ?? '/';
  const to = step.to;
  const typed = /^(service|svc|services|ingress|ing|ingresses|pod|po|pods)\/([^/:]+)(?::(\d+))?$/.exec(to);
  if (typed) {
    const [, type = '', name = '', p] = typed; // groups 1 and 2 always match: their defaults are never used
    const port = p !== undefined ? Number(p) : step.port;
    if (type.startsWith('s')) return { ok: true, value: { kind: 'service', namespace: ns, name, ...(port !== undefined ? { port } : {}), path } };
    if (type.startsWith('i')) return { ok: true, value: { kind: 'ingress', namespace: ns, name, ...(step.host ? { host: step.host } : {}), path, port: port ?? 80 } };
    return { ok: true, value: { kind: 'pod', namespace: ns, name, ...(port !== undefined ? { port } : {}), path } };
  }
  const url = /^(?:([a-z]+):\/\/)?(\[[^\]]+\]|[^/:?#\s]+)(?::(\d+))?([/?#].*)?$/i.exec(to);
  if (!url) return { ok: false, message: `cannot send to "${to}": use service/NAME, ingress/NAME, pod/NAME, a DNS name or a URL` };
  const [, scheme, host = '', p, rest] = url; // group 2 always matches: its default is never used
  const port = p !== undefined ? Number(p) : (step.port ?? (scheme ? DEFAULT_PORTS[scheme.toLowerCase()] : undefined));
  return {
    ok: true,
    value: { kind: 'host', host: host.toLowerCase(), ...(port !== undefined ? { port } : {}), path: rest && rest.startsWith('/') ? rest : path, ...(scheme ? { scheme: scheme.toLowerCase() } : {}) },
  };
}
