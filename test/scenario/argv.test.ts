import { describe, expect, it } from 'vitest';
import { splitArgv, stripKubectl, tokenizeKubectl } from '../../src/scenario/argv.ts';

function argv(line: string): string[] {
  const r = tokenizeKubectl(line);
  if (!r.ok) throw new Error(r.error);
  return r.argv;
}

describe('kubectl command lines', () => {
  it.each([
    ['apply -f web.yaml', ['apply', '-f', 'web.yaml']],
    ['kubectl apply -f web.yaml', ['apply', '-f', 'web.yaml']],
    ['  get   pods  -o wide ', ['get', 'pods', '-o', 'wide']],
    [`label pod web 'note=hello world'`, ['label', 'pod', 'web', 'note=hello world']],
    [`exec web -- sh -c "echo \\"hi\\" \\$HOME"`, ['exec', 'web', '--', 'sh', '-c', 'echo "hi" $HOME']],
    [`annotate pod web a=b\\ c`, ['annotate', 'pod', 'web', 'a=b c']],
    [`get pods -o jsonpath='{.items[*].metadata.name}'`, ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']],
    [`run x --image=busybox -- echo ''`, ['run', 'x', '--image=busybox', '--', 'echo', '']],
    [`get pods 'a'"b"c`, ['get', 'pods', 'abc']],
    [`echo "a\\nb"`, ['echo', 'a\\nb']],
    ['get pods \\\n  -A', ['get', 'pods', '-A']],
    ['', []],
  ])('%j', (line, expected) => {
    expect(argv(line)).toEqual(expected);
  });

  it('does not strip kubectl in the middle', () => {
    expect(argv('exec web -- kubectl version')).toEqual(['exec', 'web', '--', 'kubectl', 'version']);
    expect(stripKubectl('kubectl get pods')).toBe('get pods');
    expect(stripKubectl('kubectlx get')).toBe('kubectlx get');
  });

  it.each([
    [`label pod web 'x`, 'unterminated single quote', 14],
    [`label pod web "x`, 'unterminated double quote', 14],
    ['get pods \\', 'trailing backslash', 9],
  ])('reports %j', (line, error, offset) => {
    expect(splitArgv(line)).toEqual({ ok: false, error, offset });
  });
});
