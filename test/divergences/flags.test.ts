/**
 * Unknown kubectl flags are refused, never ignored: at validation with a
 * located diagnostic (src/scenario/kubectl-commands.ts, per-command flag
 * table), and at run time with kubectl's own cobra error and exit 1.
 */
import { describe, expect, it } from 'vitest';
import { checkKubectlCommand, MODELLED_KUBECTL } from '../../src/scenario/kubectl-commands.ts';
import { runKubectl } from '../../src/cluster/kubectl/index.ts';
import { buildCluster } from '../../src/cluster/boot/cluster.ts';
import { userIdentity } from '../../src/cluster/apiserver/identity.ts';
import { spec } from '../cluster/helpers.ts';

const CASES: { argv: string[]; want: { ok: true } | { word: string; message: string; code?: string } }[] = [
  { argv: ['get', 'pods', '-n', 'kube-system', '-o', 'wide', '-l', 'app=web'], want: { ok: true } },
  { argv: ['get', 'pods', '-A', '--no-headers', '-o=name'], want: { ok: true } },
  { argv: ['get', 'pods', '--bogus'], want: { word: '--bogus', message: 'kubectl get: unknown flag: --bogus', code: 'kubectl-unknown-flag' } },
  { argv: ['get', 'pods', '--bogus=1'], want: { word: '--bogus=1', message: 'kubectl get: unknown flag: --bogus', code: 'kubectl-unknown-flag' } },
  { argv: ['get', 'pods', '-x'], want: { word: '-x', message: "kubectl get: unknown shorthand flag: 'x' in -x", code: 'kubectl-unknown-flag' } },
  { argv: ['get', 'pods', '--watch'], want: { word: '--watch', message: 'kubectl get: flag --watch is not modelled by kubescene' } },
  { argv: ['apply', '-f', 'a.yaml', '--server-side'], want: { word: '--server-side', message: 'kubectl apply: flag --server-side is not modelled by kubescene' } },
  { argv: ['apply', '-fweb.yaml'], want: { ok: true } },
  { argv: ['get', 'pods', '--context', 'prod'], want: { word: '--context', message: 'kubectl get: flag --context is not modelled by kubescene' } },
  { argv: ['exec', 'web', '--', 'ls', '--bogus', '-x'], want: { ok: true } },
  { argv: ['exec', '-it', 'web', '--', 'sh'], want: { word: '-it', message: 'kubectl exec: flag -i (--stdin) is not modelled by kubescene' } },
  { argv: ['rollout', 'status', 'deployment/web', '--timeout=30s'], want: { ok: true } },
  { argv: ['rollout', 'status', 'deployment/web', '--revison=2'], want: { word: '--revison=2', message: 'kubectl rollout: unknown flag: --revison', code: 'kubectl-unknown-flag' } },
  { argv: ['rollout', 'pause', 'deployment/web', '--bogus'], want: { word: 'pause', message: 'kubectl rollout pause is not modelled by kubescene' } },
  { argv: ['delete', 'pod', 'web', '--cascade=foreground', '--wait=false'], want: { ok: true } },
];

describe('the per-command flag table', () => {
  it.each(CASES)('$argv', ({ argv, want }) => {
    const got = checkKubectlCommand(argv);
    if ('ok' in want) expect(got).toEqual({ ok: true });
    else expect(got).toMatchObject({ ok: false, ...want });
  });

  it('every command has a table, and it holds no duplicates', () => {
    for (const c of MODELLED_KUBECTL) expect(new Set(c.flags).size, c.verb).toBe(c.flags.length);
  });
});

describe('at run time, kubectl\'s cobra error', () => {
  function run(argv: string[]): { stdout: string; stderr: string; exitCode: number } {
    const cl = buildCluster(spec(1), 0, '1.31');
    let out = { stdout: '', stderr: '', exitCode: -1 };
    runKubectl(cl.w, argv, userIdentity('admin', ['system:masters']), {}, (r) => (out = r));
    cl.w.clock.runUntil(60_000);
    return out;
  }
  it.each([
    { argv: ['get', 'pods', '--bogus'], stderr: "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n" },
    { argv: ['get', 'pods', '-x'], stderr: "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n" },
    { argv: ['rollout', 'status', 'deployment/web', '--bogus'], stderr: "error: unknown flag: --bogus\nSee 'kubectl rollout status --help' for usage.\n" },
    { argv: ['get', 'pods', '--watch'], stderr: 'error: flag --watch is not modelled by kubescene\n' },
  ])('$argv', ({ argv, stderr }) => {
    expect(run(argv)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });
});
