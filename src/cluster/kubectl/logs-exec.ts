/**
 * `kubectl logs` and `kubectl exec`: the API server does not have the logs —
 * it proxies to the kubelet of the pod's node (port 10250), which asks the
 * container runtime over CRI. Recorded hop by hop:
 *
 *   logs: kubectl → GET pod → GET …/pods/NAME/log → authn/authz (pods/log) →
 *         kube-apiserver → kubelet GET /containerLogs/NS/POD/C → CRI
 *         ContainerStatus → kubelet reads the container's log file → back.
 *   exec: kubectl → GET pod → POST …/pods/NAME/exec (connection upgrade) →
 *         authz (create pods/exec) → kubelet POST /exec/NS/POD/C → CRI Exec
 *         (streaming URL) → the runtime runs the command in the container's
 *         namespaces → 101 Switching Protocols, streams, exit code.
 */
import { LATENCY } from '../kernel/clock.ts';
import { authorize } from '../apiserver/rbac.ts';
import type { Obj } from '../core/object.ts';
import { resourceForKind } from '../core/resources.ts';
import { flag } from './args.ts';
import { serverError } from './resolve.ts';
import type { Session } from './session.ts';
import { enterApi, leaveApi } from './api-hop.ts';
import { containerLogs, execOutput, listenerOn, type ExecResult } from './container-output.ts';
import { type Container, type PodObj, asPod, asScalable, asService } from '../core/typed.ts';

const POD = resourceForKind('Pod')!;

export function runLogs(s: Session): void {
  withPod(s, (pod, c) => {
    const ns = pod.metadata.namespace;
    const path = `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/log${explicitContainer(s) ? `?container=${c.name}` : ''}`;
    proxy(s, pod, { verb: 'get', subresource: 'log', method: 'GET', path, summary: `GET pods/log ${pod.metadata.name}` }, (k) => {
      const status = (pod.status?.containerStatuses ?? []).find((x) => x.name === c.name) ?? (pod.status?.initContainerStatuses ?? []).find((x) => x.name === c.name);
      const startedAt: string | undefined = status?.state?.running?.startedAt ?? status?.state?.terminated?.startedAt;
      if (!startedAt) {
        return k.fail(400, 'BadRequest', `container "${c.name}" in pod "${pod.metadata.name}" is waiting to start: ${status?.state?.waiting?.reason ?? 'ContainerCreating'}`);
      }
      let last = k.hop({ type: 'request', from: k.kubelet, to: k.runtime, action: 'container-status', summary: `ContainerStatus ${c.name} (log path)` });
      const logPath = `/var/log/pods/${ns}_${pod.metadata.name}_${pod.metadata.uid}/${c.name}/0.log`;
      last = k.hop({ type: 'response', from: k.runtime, to: k.kubelet, action: 'container-status', result: 'ok', summary: `running; log ${logPath}`, cause: last });
      const lines = containerLogs(c, startedAt);
      k.hop({ type: 'action', from: k.kubelet, to: k.kubelet, action: 'read-log', summary: `read ${lines.length} line(s) of ${c.name}'s log`, cause: last, attrs: { path: logPath } });
      k.ok(200, '200 OK (log stream)', () => {
        for (const l of lines) s.print(l);
        s.finish(0);
      });
    });
  });
}

export function runExec(s: Session): void {
  const argv = s.args.words.slice(1);
  if (argv.length === 0) {
    s.error('error: you must specify at least one command for the container');
    return s.finish(1);
  }
  withPod(s, (pod, c) =>
    execStream(s, pod, c, argv, {}, (r) => {
      for (const l of r.stdout) s.print(l);
      for (const l of r.stderr) s.error(l);
      if (r.exitCode !== 0) s.error(`command terminated with exit code ${r.exitCode}`);
      s.finish(r.exitCode);
    }),
  );
}

/**
 * One exec stream: POST pods/exec through the API server to the kubelet and
 * the runtime, which runs `argv` in container `c`; `after` runs back at
 * kubectl with the result (`run` overrides what the command does).
 */
export function execStream(s: Session, pod: PodObj, c: Container, argv: string[], opts: { stdin?: boolean; run?: () => ExecResult }, after: (r: ExecResult) => void): void {
  const ns = pod.metadata.namespace;
  const query = `command=${argv.map(encodeURIComponent).join('&command=')}&container=${c.name}${opts.stdin ? '&stdin=true' : ''}&stderr=true&stdout=true`;
  const path = `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/exec?${query}`;
  proxy(s, pod, { verb: 'create', subresource: 'exec', method: 'POST', path, summary: `POST pods/exec ${pod.metadata.name} (Upgrade: SPDY/3.1)` }, (k) => {
    if (pod.status?.phase !== 'Running') return k.fail(400, 'BadRequest', `pod ${pod.metadata.name} does not have a host assigned`);
    let last = k.hop({ type: 'request', from: k.kubelet, to: k.runtime, action: 'exec', summary: `Exec ${c.name}: ${argv.join(' ')}` });
    last = k.hop({ type: 'response', from: k.runtime, to: k.kubelet, action: 'exec', result: 'ok', summary: 'streaming URL', cause: last });
    const cid = `container:${ns}/${pod.metadata.name}/${c.name}`;
    last = k.hop({ type: 'action', from: k.runtime, to: cid, action: 'exec', summary: `run "${argv.join(' ')}" in ${c.name}'s namespaces${opts.stdin ? ' (stdin streamed)' : ''}`, cause: last });
    const r = opts.run ? opts.run() : execOutput(argv, c, pod);
    if (r.localhostPort !== undefined) last = localhostHop(k, pod, c.name, r.localhostPort, r.exitCode === 0, last);
    k.hop({ type: 'response', from: cid, to: k.runtime, action: 'exec', result: r.exitCode === 0 ? 'ok' : 'error', summary: `exit code ${r.exitCode}`, cause: last });
    k.ok(101, '101 Switching Protocols (stream)', () => after(r));
  });
}

/**
 * A connection to localhost stays inside the pod's network namespace: the
 * packet goes from one container to another over the loopback interface,
 * never through the CNI, the node or kube-proxy.
 */
function localhostHop(k: Hops, pod: PodObj, from: string, port: number, ok: boolean, cause: string): string {
  const ns = pod.metadata.namespace;
  const target = listenerOn(pod, port);
  const src = `container:${ns}/${pod.metadata.name}/${from}`;
  const dst = target ? `container:${ns}/${pod.metadata.name}/${target}` : src;
  const ip = String(pod.status?.podIP ?? '');
  const req = k.hop({ type: 'packet', from: src, to: dst, action: 'loopback', result: ok ? 'ok' : 'error', summary: `TCP 127.0.0.1 → 127.0.0.1:${port} (lo, pod ${ip})`, cause, attrs: { port, interface: 'lo' } });
  if (!ok) return req;
  return k.hop({ type: 'packet', from: dst, to: src, action: 'loopback', result: 'ok', summary: `HTTP 200 from ${target} (lo)`, cause: req, attrs: { port, interface: 'lo' } });
}

interface Hop {
  type: 'request' | 'response' | 'action' | 'packet';
  from: string;
  to: string;
  action: string;
  summary: string;
  result?: 'ok' | 'error';
  cause?: string;
  attrs?: Record<string, string | number | boolean>;
}

/** What a proxied handler may do once the API server has reached the kubelet. */
export interface Hops {
  kubelet: string;
  runtime: string;
  /** Records one hop (cause defaults to the kubelet's request). */
  hop(h: Hop): string;
  ok(status: number, summary: string, print: () => void): void;
  fail(status: number, reason: string, message: string): void;
}

export interface ProxyReq {
  verb: 'get' | 'create';
  subresource: 'log' | 'exec' | 'portforward';
  method: 'GET' | 'POST';
  path: string;
  summary: string;
}

/** kubectl → API server (authn, authz of the subresource) → kubelet:10250; `handler` runs at the kubelet. */
export function proxy(s: Session, pod: PodObj, r: ProxyReq, handler: (k: Hops) => void): void {
  const { w } = s;
  const ns = pod.metadata.namespace;
  const ref = { apiVersion: 'v1', kind: 'Pod', resource: 'pods', namespace: ns, name: pod.metadata.name, subresource: r.subresource };
  const entry = enterApi(w, { type: 'request', verb: r.verb, method: r.method, path: r.path, resource: ref, summary: r.summary }, s.last);
  if (!entry) {
    s.error('The connection to the server was refused - did you specify the right host or port?');
    return w.clock.after(LATENCY.clientToApi, () => s.finish(1));
  }
  const api = entry.server;
  const req = entry.id;
  const answer = (status: number, summary: string, cause: string, detail?: string): string =>
    leaveApi(w, entry, { type: 'response', verb: r.verb, method: r.method, resource: ref, status, result: status < 400 ? 'ok' : status === 403 ? 'denied' : 'error', summary, ...(detail ? { detail } : {}) }, cause);
  w.clock.after(LATENCY.clientToApi, () => {
    let last = w.rec.emit({ type: 'phase', from: api, to: api, phase: 'authentication', summary: `authenticated as "${s.who.user}"`, cause: req });
    const store = { roles: (n: string) => w.api.cache.list('Role', n), clusterRoles: () => w.api.cache.list('ClusterRole'), roleBindings: (n: string) => w.api.cache.list('RoleBinding', n), clusterRoleBindings: () => w.api.cache.list('ClusterRoleBinding') };
    const d = authorize(s.who, { verb: r.verb, group: '', resource: 'pods', subresource: r.subresource, namespace: ns, name: pod.metadata.name }, store);
    last = w.rec.emit({ type: 'phase', from: api, to: api, phase: 'authorization', summary: d.allowed ? `allowed: ${r.verb} pods/${r.subresource}` : `forbidden: ${s.who.user} cannot ${r.verb} pods/${r.subresource}`, result: d.allowed ? 'ok' : 'denied', cause: last, attrs: { reason: d.reason } });
    if (!d.allowed) {
      const res = answer(403, '403 Forbidden', last, d.reason);
      return w.clock.after(LATENCY.clientToApi, () => {
        s.last = res;
        s.error(`Error from server (Forbidden): ${d.reason}`);
        s.finish(1);
      });
    }
    const node = String(pod.spec?.nodeName ?? '');
    const kubelet = `kubelet@${node}`;
    const runtime = w.rec.componentMap().has(`containerd@${node}`) ? `containerd@${node}` : `docker@${node}`;
    const nodeObj = w.api.cache.get('Node', `/registry/minions/${node}`);
    const ip = (nodeObj?.status?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? node;
    const c = String(r.path.match(/container=([^&]+)/)?.[1] ?? '');
    const kubeletPath =
      r.subresource === 'log' ? `/containerLogs/${ns}/${pod.metadata.name}/${c || containerOfPath(pod)}` : r.subresource === 'portforward' ? `/portForward/${ns}/${pod.metadata.name}` : `/exec/${ns}/${pod.metadata.name}/${c}`;
    const toKubelet = w.rec.emit({ type: 'request', from: api, to: kubelet, method: r.method, path: `https://${ip}:10250${kubeletPath}`, summary: `${r.method} ${kubeletPath} (kubelet :10250)`, cause: last });
    w.clock.after(LATENCY.clientToApi, () => {
      let prev = toKubelet;
      const k: Hops = {
        kubelet,
        runtime,
        hop: (h) => (prev = w.rec.emit({ ...h, cause: h.cause ?? prev })),
        ok: (status, summary, print) => {
          const back = w.rec.emit({ type: 'response', from: kubelet, to: api, status, result: 'ok', summary, cause: prev });
          const res = answer(status, summary, back);
          w.clock.after(LATENCY.clientToApi, () => {
            s.last = res;
            print();
          });
        },
        fail: (status, reason, message) => {
          const back = w.rec.emit({ type: 'response', from: kubelet, to: api, status, result: 'error', summary: `${status} ${reason}`, detail: message, cause: prev });
          const res = answer(status, `${status} ${reason}`, back, message);
          w.clock.after(LATENCY.clientToApi, () => {
            s.last = res;
            s.error(`Error from server (${reason}): ${message}`);
            s.finish(1);
          });
        },
      };
      handler(k);
    });
  });
}

function containerOfPath(pod: PodObj): string {
  return String(pod.spec?.containers?.[0]?.name ?? '');
}

function explicitContainer(s: Session): string | undefined {
  return flag(s.args, 'container') ?? flag(s.args, 'c');
}

/**
 * GETs the pod (kubectl resolves `deployment/web` to one of its pods first),
 * then picks the container: `-c`, the `kubectl.kubernetes.io/default-container`
 * annotation, or the first one (saying so when there are several).
 */
export function withPod(s: Session, then: (pod: PodObj, c: Container) => void, opts: { target?: string; onOwner?: (o: Obj) => void; quiet?: boolean } = {}): void {
  const target = opts.target ?? s.args.words[0];
  const ns = flag(s.args, 'namespace') ?? 'default';
  if (!target) {
    s.error('error: expected POD or TYPE/NAME is a required argument for the logs command');
    return s.finish(1);
  }
  const [type, name] = target.includes('/') ? (target.split('/') as [string, string]) : ['pod', target];
  const got = (pod: PodObj): void => {
    const all: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    const wanted = explicitContainer(s) ?? pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    const c = wanted ? all.find((x) => x.name === wanted) : pod.spec?.containers?.[0];
    if (!c) {
      s.error(`error: container ${wanted} is not valid for pod ${pod.metadata.name}`);
      return s.finish(1);
    }
    if (!explicitContainer(s) && all.length > 1 && !opts.quiet) {
      const names = [...(pod.spec?.initContainers ?? []).map((x) => `${x.name} (init)`), ...(pod.spec?.containers ?? []).map((x) => x.name)];
      s.error(`Defaulted container "${c.name}" out of: ${names.join(', ')}`);
    }
    then(pod, c);
  };
  if (type === 'pod' || type === 'pods' || type === 'po') {
    return s.call({ verb: 'get', resource: POD, namespace: ns, name }, (res) => {
      if (res.status !== 200) {
        s.error(serverError(res));
        return s.finish(1);
      }
      got(asPod(res.object!));
    });
  }
  const r = type === 'deployment' || type === 'deploy' || type === 'deployments' ? resourceForKind('Deployment')! : type === 'service' || type === 'svc' || type === 'services' ? resourceForKind('Service')! : undefined;
  if (!r) {
    s.error(`error: cannot attach to *v1.${type}: selector for *v1.${type} not implemented`);
    return s.finish(1);
  }
  s.call({ verb: 'get', resource: r, namespace: ns, name }, (res) => {
    if (res.status !== 200) {
      s.error(serverError(res));
      return s.finish(1);
    }
    const sel: Record<string, string> = (r.kind === 'Service' ? asService(res.object!).spec?.selector : asScalable(res.object!).spec?.selector?.matchLabels) ?? {};
    opts.onOwner?.(res.object!);
    s.call({ verb: 'list', resource: POD, namespace: ns, match: (p) => Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v) }, (list) => {
      const pods = (list.items ?? []).filter((p) => asPod(p).status?.phase === 'Running').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      if (pods.length === 0) {
        s.error(`error: timed out waiting for the condition`);
        return s.finish(1);
      }
      const names = pods.map((p) => p.metadata.name);
      if (pods.length > 1 && !opts.quiet) s.error(`Found ${pods.length} pods, using pod/${names[0]}`);
      got(asPod(pods[0]!));
    });
  });
}
