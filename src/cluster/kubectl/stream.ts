/**
 * Streams through the API server to the kubelet:
 *
 *   port-forward: kubectl resolves the pod (GET pod, or the Deployment /
 *     Service and a LIST of its pods), POSTs …/pods/NAME/portforward
 *     (connection upgrade) → authz (create pods/portforward) → kubelet
 *     POST /portForward/NS/POD → CRI PortForward (streaming URL) → 101, then
 *     prints `Forwarding from 127.0.0.1:8080 -> 80` (and `[::1]`). kubectl
 *     stays in the foreground until interrupted: the model ends the command
 *     once the stream is up (as Ctrl-C would, exit 0).
 *   cp: kubectl has no file API; it runs tar in the container through
 *     pods/exec (pkg/cmd/cp): `tar cf - SRC` streamed back for a copy out of
 *     the pod; `test -d DEST`, then `tar -xmf - -C DIR` with the archive on
 *     stdin for a copy into it. The model does not know container file
 *     systems: a copy out succeeds with no content; a copy in needs the local
 *     file among the scenario's files.
 */
import { flag } from './args.ts';
import type { ExecResult } from './container-output.ts';
import { execStream, proxy, withPod } from './logs-exec.ts';
import type { Session } from './session.ts';
import { type Container, type PodObj, type ServiceObj, asService } from '../core/typed.ts';

interface PortPair {
  local: string;
  remote: string;
}

export function runPortForward(s: Session): void {
  const [target, ...ports] = s.args.words;
  const fail = (line: string): void => {
    s.error(line);
    s.finish(1);
  };
  if (!target || ports.length === 0) return fail('error: TYPE/NAME and list of ports are required for port-forward');
  const pairs: PortPair[] = [];
  for (const p of ports) {
    const parts = p.split(':');
    if (parts.length > 2) return fail(`error: invalid port format '${p}'`);
    const [local, remote] = parts.length === 2 ? [parts[0]!, parts[1]!] : [parts[0]!, parts[0]!];
    if (remote === '') return fail(`error: remote port cannot be empty`);
    pairs.push({ local, remote });
  }
  const address = flag(s.args, 'address') ?? 'localhost';
  let service: ServiceObj | undefined;
  withPod(
    s,
    (pod) => {
      if (pod.status?.phase !== 'Running') return fail(`error: unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Pending'}`);
      // Service ports and named ports become container ports (translateServicePortToTargetPort, convertPodNamedPortToNumber).
      const mapped: { local: number; remote: number }[] = [];
      for (const pair of pairs) {
        let remote: string | number = pair.remote;
        if (service) {
          const sp = (service.spec?.ports ?? []).find((x) => String(x.port) === pair.remote || x.name === pair.remote);
          if (!sp) return fail(`error: Service ${service.metadata.name} does not have a service port ${pair.remote}`);
          remote = sp.targetPort ?? sp.port;
        }
        const n = typeof remote === 'number' ? remote : /^\d+$/.test(remote) ? Number(remote) : namedPort(pod, remote);
        if (n === undefined) return fail(`error: Pod '${pod.metadata.name}' does not have a named port '${remote}'`);
        if (!Number.isInteger(n) || n < 1 || n > 65535) return fail(`error: Error parsing remote port '${pair.remote}'`);
        const local = pair.local === '' || pair.local === '0' ? 32768 + s.w.prng('port-forward').int(28232) : Number(pair.local);
        if (!Number.isInteger(local) || local < 1 || local > 65535) return fail(`error: Error parsing local port '${pair.local}'`);
        mapped.push({ local, remote: n });
      }
      const ns = pod.metadata.namespace;
      const path = `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/portforward`;
      proxy(s, pod, { verb: 'create', subresource: 'portforward', method: 'POST', path, summary: `POST pods/portforward ${pod.metadata.name} (Upgrade: SPDY/3.1, ports ${mapped.map((m) => m.remote).join(',')})` }, (k) => {
        let last = k.hop({ type: 'request', from: k.kubelet, to: k.runtime, action: 'port-forward', summary: `PortForward ${pod.metadata.name} (ports ${mapped.map((m) => m.remote).join(', ')})` });
        last = k.hop({ type: 'response', from: k.runtime, to: k.kubelet, action: 'port-forward', result: 'ok', summary: `streaming URL (the runtime connects to localhost:${mapped.map((m) => m.remote).join(',')} in the pod's network namespace on each connection)`, cause: last });
        k.ok(101, '101 Switching Protocols (port-forward stream)', () => {
          const hosts = address === 'localhost' ? ['127.0.0.1', '[::1]'] : address.split(',').map((a) => (a.includes(':') ? `[${a}]` : a));
          for (const m of mapped) for (const h of hosts) s.print(`Forwarding from ${h}:${m.local} -> ${m.remote}`);
          s.finish(0);
        });
      });
    },
    { target: target.includes('/') ? target : `pod/${target}`, quiet: true, onOwner: (o) => (service = o.kind === 'Service' ? asService(o) : undefined) },
  );
}

function namedPort(pod: PodObj, name: string): number | undefined {
  for (const c of (pod.spec?.containers ?? [])) {
    const p = (c.ports ?? []).find((x) => x.name === name);
    if (p) return p.containerPort;
  }
  return undefined;
}

/** `[[namespace/]pod:]file/path` (extractFileSpec). */
function fileSpec(arg: string): { namespace?: string; pod?: string; file: string } | string {
  const i = arg.indexOf(':');
  if (i < 0) return { file: arg };
  const podPart = arg.slice(0, i);
  const file = arg.slice(i + 1);
  // A Windows drive letter or a relative path with a colon is a local file.
  if (podPart.includes('\\') || /^[A-Za-z]$/.test(podPart)) return { file: arg };
  const seg = podPart.split('/');
  if (seg.length === 1) return { pod: seg[0]!, file };
  if (seg.length === 2) return { namespace: seg[0]!, pod: seg[1]!, file };
  return 'filespec must match the canonical format: [[namespace/]pod:]file/path';
}

export function runCp(s: Session): void {
  const fail = (line: string): void => {
    s.error(line);
    s.finish(1);
  };
  if (s.args.words.length !== 2) return fail('error: source and destination are required');
  const src = fileSpec(s.args.words[0]!);
  const dest = fileSpec(s.args.words[1]!);
  if (typeof src === 'string') return fail(`error: ${src}`);
  if (typeof dest === 'string') return fail(`error: ${dest}`);
  if (src.pod && dest.pod) return fail('error: one of src or dest must be a local file specification');
  if (src.file === '' || dest.file === '') return fail('error: filepath can not be empty');
  const remote = src.pod ? src : dest.pod ? dest : undefined;
  if (!remote) return fail('error: one of src or dest must be a remote file specification');
  if (remote.namespace) s.args.flags.set('namespace', [remote.namespace]);
  const ok = (): ExecResult => ({ stdout: [], stderr: [], exitCode: 0 });
  const done = (r: ExecResult): void => {
    for (const l of r.stdout) s.print(l);
    for (const l of r.stderr) s.error(l);
    if (r.exitCode !== 0) s.error(`command terminated with exit code ${r.exitCode}`);
    s.finish(r.exitCode);
  };
  withPod(
    s,
    (pod, c) => {
      if (src.pod) {
        // copyFromPod: tar's own warning goes to kubectl's stdout (TarPipe: ErrOut is o.Out).
        const warn = src.file.startsWith('/') ? [tarLeadingSlash(c)] : [];
        return execStream(s, pod, c, ['tar', 'cf', '-', src.file], { run: () => ({ stdout: warn, stderr: [], exitCode: 0 }) }, done);
      }
      const local = dest.pod ? src.file : '';
      const key = local.replace(/^\.\//, '');
      if (!Object.hasOwn(s.files, key)) return fail(`error: ${local} doesn't exist in local filesystem`);
      // copyToPod: is the destination a directory? (`test -d`), then untar there.
      const isDir = dest.file.endsWith('/') || dest.file === '/tmp' || (c.volumeMounts ?? []).some((m) => m.mountPath === dest.file);
      execStream(s, pod, c, ['test', '-d', dest.file], { run: () => ({ stdout: [], stderr: [], exitCode: isDir ? 0 : 1 }) }, () => {
        const target = isDir ? `${dest.file.replace(/\/$/, '')}/${key.split('/').pop()}` : dest.file;
        const dir = target.slice(0, target.lastIndexOf('/')) || (target.startsWith('/') ? '/' : '');
        execStream(s, pod, c, ['tar', '-xmf', '-', ...(dir ? ['-C', dir] : [])], { stdin: true, run: ok }, done);
      });
    },
    { target: `pod/${remote.pod}` },
  );
}

/** GNU tar (Debian-based images such as nginx) and busybox word the warning differently. */
function tarLeadingSlash(c: Container): string {
  return /(^|\/)(busybox|alpine)(:|$)/.test(String(c.image ?? '')) ? "tar: removing leading '/' from member names" : "tar: Removing leading `/' from member names";
}
