import type { Container, PodObj } from '../core/typed.ts';
/**
 * What containers print: a small, deterministic table per image (nginx's
 * start-up lines, busybox scripts that `echo`), and the output of the few
 * commands `kubectl exec` runs in the scenarios. Pure functions of the pod
 * spec and the container's start time; anything not in the table prints
 * nothing (the trace still shows the exec hop by hop).
 */

/** `2025/01/01 00:00:05`: nginx's error-log timestamp. */
function nginxTime(iso: string): string {
  return iso.replace(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})Z$/, '$1/$2/$3 $4');
}

function imageName(image: string): { name: string; tag: string } {
  const at = image.split('@')[0]!;
  const slash = at.lastIndexOf('/');
  const colon = at.lastIndexOf(':');
  const hasTag = colon > slash;
  const repo = hasTag ? at.slice(0, colon) : at;
  return { name: repo.slice(repo.lastIndexOf('/') + 1), tag: hasTag ? at.slice(colon + 1) : 'latest' };
}

/** nginx/1.27 → 1.27.0 (the image's exact patch release is not known to the model). */
function nginxVersion(tag: string): string {
  const m = /^(\d+\.\d+)(\.\d+)?/.exec(tag);
  return m ? `${m[1]}${m[2] ?? '.0'}` : '1.27.0';
}

/** The script of a shell container (`sh -c "…"`), joined. */
function script(c: Container): string {
  return [...(c.command ?? []), ...(c.args ?? [])].map(String).join(' ');
}

/** Lines a container has written to stdout/stderr since it started. */
export function containerLogs(c: Container, startedAt: string): string[] {
  const { name, tag } = imageName(String(c.image ?? ''));
  if (name === 'nginx' && script(c) === '') {
    const t = nginxTime(startedAt);
    return [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      `${t} [notice] 1#1: using the "epoll" event method`,
      `${t} [notice] 1#1: nginx/${nginxVersion(tag)}`,
      `${t} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)`,
      `${t} [notice] 1#1: OS: Linux 6.1.0-28-amd64`,
      `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
      `${t} [notice] 1#1: start worker processes`,
      `${t} [notice] 1#1: start worker process 29`,
    ];
  }
  // busybox/alpine-style scripts: what their `echo`s print (not those redirected to a file).
  const out: string[] = [];
  for (const part of script(c).split(/;|&&|\n/)) {
    const m = /^\s*(?:sh -c\s+)?echo\s+(?:"([^"]*)"|'([^']*)'|([^>|"']+))\s*$/.exec(part);
    if (m) out.push((m[1] ?? m[2] ?? m[3] ?? '').trim());
  }
  return out;
}

export interface ExecResult {
  stdout: string[];
  stderr: string[];
  exitCode: number;
  /** `localhost:PORT` the command connected to (shared network namespace), if any. */
  localhostPort?: number;
}

/** The output of `kubectl exec POD -- CMD…` for the commands the model knows. */
export function execOutput(argv: string[], c: Container, pod: PodObj): ExecResult {
  const cmd = argv.join(' ');
  const { name, tag } = imageName(String(c.image ?? ''));
  if (cmd === 'hostname') return { stdout: [pod.metadata.name], stderr: [], exitCode: 0 };
  if (cmd === 'nginx -v' && name === 'nginx') return { stdout: [], stderr: [`nginx version: nginx/${nginxVersion(tag)}`], exitCode: 0 };
  if (/^cat \/etc\/hostname$/.test(cmd)) return { stdout: [pod.metadata.name], stderr: [], exitCode: 0 };
  if (cmd === 'hostname -i') return { stdout: [String(pod.status?.podIP ?? '')], stderr: [], exitCode: 0 };
  const local = /(?:wget\s+-q?O-?\s*|wget -qO- |curl -s |curl )(?:http:\/\/)?(?:localhost|127\.0\.0\.1)(?::(\d+))?/.exec(cmd);
  if (local) {
    const port = Number(local[1] ?? 80);
    const listens = listenerOn(pod, port) !== undefined;
    if (!listens) return { stdout: [], stderr: [`wget: can't connect to remote host (127.0.0.1): Connection refused`], exitCode: 1, localhostPort: port };
    return { stdout: ['<!DOCTYPE html>', '<html>', '<head>', '<title>Welcome to nginx!</title>', '…'], stderr: [], exitCode: 0, localhostPort: port };
  }
  const ls = /^ls (\S+)$/.exec(cmd);
  if (ls) {
    const files = mountedFiles(pod, c, ls[1]!);
    if (files) return { stdout: files, stderr: [], exitCode: 0 };
  }
  return { stdout: [], stderr: [], exitCode: 0 };
}

/** The container of `pod` that listens on `port` (nginx listens on 80, or on a declared containerPort). */
export function listenerOn(pod: PodObj, port: number): string | undefined {
  const cs = (pod.spec?.containers ?? []);
  const hit = cs.find((x) => imageName(String(x.image)).name === 'nginx' && (port === 80 || (x.ports ?? []).some((p) => p.containerPort === port)));
  return hit?.name;
}

/** `ls` of an emptyDir mounted at `path` (empty when the pod starts); other paths are not modelled. */
function mountedFiles(pod: PodObj, c: Container, path: string): string[] | undefined {
  const m = (c.volumeMounts ?? []).find((x) => x.mountPath === path.replace(/\/$/, ''));
  if (!m) return undefined;
  const v = (pod.spec?.volumes ?? []).find((x) => x.name === m.name);
  if (v?.emptyDir !== undefined) return [];
  return undefined;
}
