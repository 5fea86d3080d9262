/**
 * The kubelet's prober: one worker per container and probe (startup,
 * liveness, readiness), probing every `periodSeconds` after
 * `initialDelaySeconds`. What a probe finds follows from the container:
 * httpGet and tcpSocket succeed on a port the container serves (its declared
 * containerPorts, or nginx's 80) and get "connection refused" elsewhere; exec
 * `cat FILE` (also `test -e`, `ls`) succeeds while the container's script
 * has created FILE (`touch /tmp/healthy; sleep 30; rm -f /tmp/healthy`); grpc
 * fails on a port the container does not serve with the kubelet's dial
 * timeout and is taken as SERVING elsewhere. The
 * kubelet's real events follow: Warning `Unhealthy` "Liveness probe failed:
 * …", Normal `Killing` "Container c failed liveness probe, will be
 * restarted". Workers are background timers (time must pass); a probe whose
 * result cannot change any more stops probing, and successful probes that
 * change nothing are not shown (see the trace's simplifications).
 */
import { backgroundAfter } from '../timers.ts';
import { containerRun, fileExists, type ContainerRun } from '../../../common/container-script.ts';
import type { World } from '../world.ts';
import type { Container, PodObj, Probe } from '../../core/typed.ts';
import { containerField } from './sidecars.ts';
import { formatDuration } from '../../../scenario/duration.ts';

export type ProbeType = 'Startup' | 'Liveness' | 'Readiness';

/** What the prober needs of the kubelet and of the container it probes. */
export interface ProberHost {
  w: World;
  /** The kubelet's component id (the probe's source in the trace). */
  id: string;
  up: boolean;
  /** Whether container `name` of pod `uid` still runs the instance `generation`. */
  current(pod: PodObj, name: string, generation: number): boolean;
  event(pod: PodObj, type: 'Normal' | 'Warning', reason: string, message: string, cause: string, field: string): void;
  /** Readiness changed (patch the pod's status). */
  setReady(pod: PodObj, name: string, ready: boolean, cause: string): void;
  /** Startup probe passed: the container counts as started. */
  setStarted(pod: PodObj, name: string, cause: string): void;
  /** Startup or liveness failed failureThreshold times: kill the container (it is restarted per restartPolicy). */
  kill(pod: PodObj, name: string, probe: 'startup' | 'liveness', cause: string): void;
}

const PROBE_KEY: Record<ProbeType, 'startupProbe' | 'livenessProbe' | 'readinessProbe'> = { Startup: 'startupProbe', Liveness: 'livenessProbe', Readiness: 'readinessProbe' };

export function probeOf(c: Container, type: ProbeType): Probe | undefined {
  return c?.[PROBE_KEY[type]];
}

/** What the probe checks, as the trace shows it (`HTTP GET :80/`, `TCP :5432`, `exec cat /tmp/ready`). */
export function describeProbe(p: Probe): string {
  if (p.httpGet) return `HTTP GET :${p.httpGet.port}${p.httpGet.path ?? '/'}`;
  if (p.tcpSocket) return `TCP :${p.tcpSocket.port}`;
  if (p.exec) return `exec ${(p.exec.command ?? []).join(' ')}`;
  if (p.grpc) return `gRPC :${p.grpc.port}`;
  return 'probe';
}

function imageName(image: string): string {
  const at = image.split('@')[0]!;
  const slash = at.lastIndexOf('/');
  const colon = at.lastIndexOf(':');
  const repo = colon > slash ? at.slice(0, colon) : at;
  return repo.slice(repo.lastIndexOf('/') + 1);
}

/** Ports the container listens on: declared containerPorts, plus 80 for nginx run with its own entrypoint. Undefined: unknown (assume served). */
export function servedPorts(c: Container): { numbers: Set<number>; names: Map<string, number> } | undefined {
  const declared = c.ports ?? [];
  const numbers = new Set<number>(declared.map((p) => Number(p.containerPort)));
  const names = new Map<string, number>(declared.filter((p) => typeof p.name === 'string').map((p) => [p.name as string, Number(p.containerPort)]));
  if (imageName(String(c.image ?? '')) === 'nginx' && c.command === undefined && c.args === undefined) numbers.add(80);
  return numbers.size === 0 ? undefined : { numbers, names };
}

function busybox(c: Container): boolean {
  return ['busybox', 'alpine'].includes(imageName(String(c.image ?? '')));
}

/** The result of one probe `atMs` after the container started. */
export function probeResult(c: Container, p: Probe, run: ContainerRun, podIp: string, atMs: number): { ok: boolean; output: string } {
  if (p.httpGet || p.tcpSocket) {
    const raw = (p.httpGet ?? p.tcpSocket)!.port;
    const served = servedPorts(c);
    const port = typeof raw === 'string' && !/^\d+$/.test(raw) ? served?.names.get(raw) : Number(raw);
    const host = p.httpGet?.host ?? podIp;
    const refused = served !== undefined && (port === undefined || !served.numbers.has(port));
    if (p.httpGet) {
      const url = `${(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://${host}:${port ?? raw}${p.httpGet.path ?? '/'}`;
      if (port === undefined) return { ok: false, output: `strconv.Atoi: parsing ${JSON.stringify(String(raw))}: invalid syntax` };
      return refused ? { ok: false, output: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` } : { ok: true, output: 'HTTP probe succeeded with statuscode: 200' };
    }
    if (port === undefined) return { ok: false, output: `strconv.Atoi: parsing ${JSON.stringify(String(raw))}: invalid syntax` };
    return refused ? { ok: false, output: `dial tcp ${host}:${port}: connect: connection refused` } : { ok: true, output: '' };
  }
  if (p.grpc) {
    // pkg/probe/grpc/grpc.go Probe: grpc.DialContext with WithBlock retries a
    // refused connection until the probe's timeout, then answers "timeout:
    // failed to connect service %q within %v: %+v" (context.DeadlineExceeded).
    // On a served port the model takes the health RPC (grpc.health.v1.Health
    // Check) to answer SERVING: "service healthy" (a simplification the loader
    // warns at: src/cluster/simplifications/coverage.ts FIELD_TABLE).
    const served = servedPorts(c);
    const port = Number(p.grpc.port);
    if (served !== undefined && !served.numbers.has(port)) {
      const addr = podIp.includes(':') ? `[${podIp}]:${port}` : `${podIp}:${port}`;
      return { ok: false, output: `timeout: failed to connect service ${JSON.stringify(addr)} within ${formatDuration((p.timeoutSeconds ?? 1) * 1000)}: context deadline exceeded` };
    }
    return { ok: true, output: 'service healthy' };
  }
  if (p.exec) {
    const argv: string[] = (p.exec.command ?? []).map(String);
    const cmd = argv[0]?.slice(argv[0].lastIndexOf('/') + 1);
    const file = cmd === 'cat' || cmd === 'ls' ? argv[1] : cmd === 'test' && (argv[1] === '-e' || argv[1] === '-f') ? argv[2] : undefined;
    if (file === undefined) {
      if (cmd === 'false') return { ok: false, output: '' };
      if (cmd === 'sh' && argv[1] === '-c' && /^\s*exit\s+[1-9]/.test(argv[2] ?? '')) return { ok: false, output: '' };
      return { ok: true, output: '' };
    }
    if (fileExists(run, file, atMs)) return { ok: true, output: '' };
    if (cmd === 'test') return { ok: false, output: '' };
    const output = busybox(c) ? (cmd === 'cat' ? `cat: can't open '${file}': No such file or directory` : `ls: ${file}: No such file or directory`) : `${cmd}: ${cmd === 'ls' ? `cannot access '${file}'` : file}: No such file or directory`;
    return { ok: false, output };
  }
  return { ok: true, output: '' };
}

interface Worker {
  host: ProberHost;
  pod: PodObj;
  c: Container;
  type: ProbeType;
  p: Probe;
  run: ContainerRun;
  generation: number;
  startedAt: number;
  /**
   * A tick of the worker (first startedAt + initialDelaySeconds); it ticks every periodMs from there.
   * Each periodic probe re-anchors it (a background timer may fire late, when time is let pass).
   */
  originMs: number;
  /** This probe was triggered off the worker's ticks (readiness once the startup probe passed): the next one is on its tick. */
  triggered: boolean;
  periodMs: number;
  failureThreshold: number;
  successThreshold: number;
  /** Readiness: the current result the kubelet has reported. */
  ready: boolean;
  fails: number;
  oks: number;
  cause: string;
}

/**
 * Starts the probes of container `c` (just started at `startedAt`, instance
 * `generation`). With a startup probe, liveness and readiness start once it
 * has passed (`afterStartup`): upstream their workers tick all along but skip
 * the probe while the container has not started (worker.go doProbe), so the
 * liveness probe first runs at its next tick after the startup probe passed;
 * the readiness probe runs at once, triggered by the status update
 * (prober_manager.go UpdatePodStatus: manualTriggerCh), then on its ticks.
 * The model puts each worker's ticks at initialDelaySeconds + k × periodSeconds
 * after the container started (upstream they are counted from the worker's
 * start, and initialDelaySeconds only skips the ticks before it).
 */
export function startProbes(host: ProberHost, pod: PodObj, c: Container, generation: number, startedAt: number, cause: string, afterStartup = false): void {
  const run = containerRun(c.command, c.args);
  const types: ProbeType[] = probeOf(c, 'Startup') ? ['Startup'] : ['Liveness', 'Readiness'];
  const now = host.w.clock.now();
  for (const type of types) {
    const p = probeOf(c, type);
    if (!p) continue;
    const wk: Worker = {
      host, pod, c, type, p, run, generation, startedAt,
      originMs: startedAt + (p.initialDelaySeconds ?? 0) * 1000,
      periodMs: (p.periodSeconds ?? 10) * 1000,
      failureThreshold: p.failureThreshold ?? 3,
      successThreshold: p.successThreshold ?? 1,
      ready: false, fails: 0, oks: 0, cause,
      triggered: afterStartup && type === 'Readiness' && now > startedAt + (p.initialDelaySeconds ?? 0) * 1000,
    };
    const first = afterStartup && type === 'Liveness' ? tickAfter(wk, now) : Math.max(now, wk.originMs);
    backgroundAfter(host.w, first - now, () => attempt(wk));
  }
}

/** The worker's first tick after `t` (at `t` too when `inclusive`). */
function tickAfter(wk: Worker, t: number, inclusive = false): number {
  if (t < wk.originMs) return wk.originMs;
  const k = Math.floor((t - wk.originMs) / wk.periodMs);
  const at = wk.originMs + k * wk.periodMs;
  return inclusive && at === t ? at : at + wk.periodMs;
}

function attempt(wk: Worker): void {
  const { host, pod, c } = wk;
  const w = host.w;
  const live = w.api.cache.get('Pod', `/registry/pods/${pod.metadata.namespace}/${pod.metadata.name}`);
  if (!live || live.metadata.uid !== pod.metadata.uid || !host.up || !host.current(live, c.name, wk.generation)) return;
  // A terminating pod (kubelet.go SyncTerminatingPod): StopLivenessAndStartup stops the liveness and
  // startup workers (worker.go doProbe: "Pod deletion requested"); the readiness worker probes on until
  // its container has stopped (RemovePod after killPod).
  if (live.metadata.deletionTimestamp && wk.type !== 'Readiness') return;
  const since = w.clock.now() - wk.startedAt;
  if (wk.triggered) wk.triggered = false;
  else wk.originMs = w.clock.now();
  const r = probeResult(c, wk.p, wk.run, live.status?.podIP ?? '', since);
  const target = `container:${pod.metadata.namespace}/${pod.metadata.name}/${c.name}`;
  const field = containerField(live.spec, c.name);
  const action = `${wk.type.toLowerCase()}-probe`;
  const show = (): string => {
    const req = w.rec.emit({ type: 'request', from: host.id, to: target, action, summary: `${wk.type.toLowerCase()} probe ${describeProbe(wk.p)}`, cause: wk.cause });
    return w.rec.emit({
      type: 'response', from: target, to: host.id, action, result: r.ok ? 'ok' : 'error',
      summary: r.ok ? (wk.p.httpGet ? '200 OK' : 'success') : r.output === '' ? 'failure' : r.output, cause: req,
    });
  };
  if (r.ok) {
    wk.fails = 0;
    wk.oks++;
    if (wk.type === 'Readiness' && !wk.ready && wk.oks >= wk.successThreshold) {
      wk.ready = true;
      host.setReady(live, c.name, true, show());
    } else if (wk.type === 'Startup' && wk.oks >= wk.successThreshold) {
      const res = show();
      host.setStarted(live, c.name, res);
      // Liveness and readiness start once the container has started.
      startProbes(host, live, { ...c, startupProbe: undefined }, wk.generation, wk.startedAt, res, true);
      return;
    }
  } else {
    wk.oks = 0;
    wk.fails++;
    if (wk.fails <= wk.failureThreshold) {
      const res = show();
      host.event(live, 'Warning', 'Unhealthy', `${wk.type} probe failed: ${r.output}`, res, field);
      if (wk.fails === wk.failureThreshold) {
        if (wk.type === 'Readiness' && wk.ready) {
          wk.ready = false;
          host.setReady(live, c.name, false, res);
        } else if (wk.type !== 'Readiness') {
          host.kill(live, c.name, wk.type === 'Startup' ? 'startup' : 'liveness', res);
          return;
        }
      }
    }
  }
  const next = nextAttempt(wk, since, r.ok);
  if (next !== undefined) backgroundAfter(w, next - w.clock.now(), () => attempt(wk));
}

/**
 * When to probe next (the time of a tick of the worker), or never: a worker whose result cannot
 * change any more (no file change ahead) and whose state has settled stops;
 * while settled it sleeps until the first probe after the next file change.
 */
function nextAttempt(wk: Worker, since: number, ok: boolean): number | undefined {
  const now = wk.startedAt + since;
  const settled = ok ? wk.type !== 'Readiness' || wk.ready : wk.fails >= wk.failureThreshold;
  if (!settled) return tickAfter(wk, now);
  const change = wk.run.files.map((f) => f.atMs).filter((t) => t > since).sort((a, b) => a - b)[0];
  if (change === undefined) return undefined;
  return Math.max(tickAfter(wk, now), tickAfter(wk, wk.startedAt + change, true));
}
