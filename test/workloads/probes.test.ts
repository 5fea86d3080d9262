/**
 * Container commands and the kubelet's prober: table-driven cases for what a
 * command does over time and what a probe finds (messages as the kubelet
 * prints them: pkg/kubelet/prober/prober.go, pkg/probe/http, pkg/probe/tcp).
 */
import { describe, expect, it } from 'vitest';
import { containerRun, fileExists, sleepMs } from '../../src/common/container-script.ts';
import { probeResult, servedPorts } from '../../src/cluster/components/kubelet/prober.ts';

describe('containerRun', () => {
  it.each([
    [['sh', '-c', 'exit 3'], undefined, 0, 3, true],
    [['/bin/sh', '-c', 'exit 300'], undefined, 0, 44, true],
    [['false'], undefined, 0, 1, true],
    [['true'], undefined, 0, 0, true],
    [['sleep', '30'], undefined, 30_000, 0, true],
    [undefined, ['sleep', '1m'], 60_000, 0, true],
    [['sh', '-c', 'echo hello && exit 1'], undefined, 0, 1, true],
    [['sh', '-c', 'false && exit 5'], undefined, 0, 1, true],
    [['sh', '-c', 'false || exit 7'], undefined, 0, 7, true],
    [['sh', '-c', 'sleep 5 # wait\nexit 2'], undefined, 5_000, 2, true],
    [['sh', '-c', 'echo done'], undefined, 0, 0, true],
  ] as const)('%j %j ends after %d ms with %d', (command, args, after, code, understood) => {
    const r = containerRun(command, args);
    expect(r.exitAfterMs).toBe(after);
    expect(r.exitCode).toBe(code);
    expect(r.understood).toBe(understood);
  });

  it.each([
    [undefined, undefined, true],
    [['sh', '-c', 'while true; do echo hi; sleep 5; done'], undefined, true],
    [['sleep', 'infinity'], undefined, true],
    [['sh', '-c', 'echo shipping; tail -F /logs/access.log'], undefined, true],
    [['python', 'app.py'], undefined, false],
    [['sh', '-c', 'for i in 1 2; do echo $i; done'], undefined, false],
  ] as const)('%j %j runs until stopped (understood: %s)', (command, args, understood) => {
    const r = containerRun(command, args);
    expect(r.exitAfterMs).toBeUndefined();
    expect(r.understood).toBe(understood);
  });

  it('tracks the files of the documentation\'s liveness example', () => {
    const r = containerRun(['/bin/sh', '-c'], ['touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600']);
    expect(r.exitAfterMs).toBe(630_000);
    expect(fileExists(r, '/tmp/healthy', 0)).toBe(true);
    expect(fileExists(r, '/tmp/healthy', 29_999)).toBe(true);
    expect(fileExists(r, '/tmp/healthy', 30_000)).toBe(false);
    expect(fileExists(containerRun(['sh', '-c', 'echo ok > /tmp/ready; sleep infinity'], undefined), '/tmp/ready', 1)).toBe(true);
  });

  it.each([['30', 30_000], ['1.5', 1_500], ['2m', 120_000], ['1h', 3_600_000], ['x', undefined]] as const)('sleepMs(%j) = %j', (arg, ms) => {
    expect(sleepMs(arg)).toBe(ms);
  });
});

describe('probeResult', () => {
  const nginx = { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'http' }] };
  const run = containerRun(undefined, undefined);
  it.each([
    [nginx, { httpGet: { path: '/', port: 80 } }, true, 'HTTP probe succeeded with statuscode: 200'],
    [nginx, { httpGet: { path: '/', port: 'http' } }, true, 'HTTP probe succeeded with statuscode: 200'],
    [nginx, { httpGet: { path: '/healthz', port: 8080 } }, false, 'Get "http://10.244.1.5:8080/healthz": dial tcp 10.244.1.5:8080: connect: connection refused'],
    [nginx, { httpGet: { path: '/', port: 'metrics' } }, false, 'strconv.Atoi: parsing "metrics": invalid syntax'],
    [nginx, { tcpSocket: { port: 5432 } }, false, 'dial tcp 10.244.1.5:5432: connect: connection refused'],
    [nginx, { tcpSocket: { port: 80 } }, true, ''],
    // Nothing declared and an unknown image: the model cannot know, the probe passes.
    [{ name: 'app', image: 'example/app:1' }, { tcpSocket: { port: 9000 } }, true, ''],
    [{ name: 'c', image: 'busybox:1.36' }, { exec: { command: ['cat', '/tmp/healthy'] } }, false, "cat: can't open '/tmp/healthy': No such file or directory"],
    [{ name: 'c', image: 'debian:12' }, { exec: { command: ['cat', '/tmp/healthy'] } }, false, 'cat: /tmp/healthy: No such file or directory'],
    [{ name: 'c', image: 'busybox:1.36' }, { exec: { command: ['false'] } }, false, ''],
    [{ name: 'c', image: 'busybox:1.36' }, { exec: { command: ['pg_isready'] } }, true, ''],
  ])('%j probed with %j → %s', (c, p, ok, output) => {
    expect(probeResult(c, p, run, '10.244.1.5', 1000)).toEqual({ ok, output });
  });

  it('nginx with its own entrypoint serves 80 even when nothing is declared', () => {
    expect(servedPorts({ name: 'c', image: 'nginx:1.27' })?.numbers).toEqual(new Set([80]));
    expect(servedPorts({ name: 'c', image: 'nginx:1.27', command: ['sleep', '1'] })).toBeUndefined();
  });
});

describe('args without command', () => {
  it('are flags of the image\'s entrypoint unless they name a shell or a known command', () => {
    const server = containerRun(undefined, ['-listen=:5678', '-text=api']);
    expect(server.understood).toBe(true);
    expect(server.exitAfterMs).toBeUndefined();
    expect(containerRun(undefined, ['sh', '-c', 'exit 2'])).toMatchObject({ exitAfterMs: 0, exitCode: 2 });
  });
});
