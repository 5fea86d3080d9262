/**
 * `kubectl taint` as kubectl does it (k8s.io/kubectl/pkg/cmd/taint): the
 * cases of its taint_test.go TestTaint, table-driven on core/taints.ts, and
 * the messages through a simulated kubectl.
 */
import { describe, expect, it } from 'vitest';
import { parseTaintArgs, updateTaints, type Taint } from '../../src/cluster/core/taints.ts';
import { trace } from '../cluster/helpers.ts';

interface Case {
  description: string;
  old?: Taint[];
  args: string[];
  overwrite?: boolean;
  /** The node's taints after the command, or the error kubectl prints (without `error: `). */
  want: Taint[] | string;
  operation?: string;
}

const CASES: Case[] = [
  { description: 'taints a node with effect NoSchedule', args: ['foo=bar:NoSchedule'], want: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], operation: 'tainted' },
  { description: 'taints a node with effect PreferNoSchedule', args: ['foo=bar:PreferNoSchedule'], want: [{ key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }], operation: 'tainted' },
  {
    description: 'update an existing taint on the node, change the value from bar to barz',
    old: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    args: ['foo=barz:NoSchedule'],
    overwrite: true,
    want: [{ key: 'foo', value: 'barz', effect: 'NoSchedule' }],
    operation: 'modified',
  },
  {
    description: 'taints a node with two taints',
    args: ['dedicated=namespaceA:NoSchedule', 'foo=bar:PreferNoSchedule'],
    want: [{ key: 'dedicated', value: 'namespaceA', effect: 'NoSchedule' }, { key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }],
    operation: 'tainted',
  },
  {
    description: 'node has two taints with the same key but different effect, remove one of them by indicating exact key and effect',
    old: [{ key: 'dedicated', value: 'namespaceA', effect: 'NoSchedule' }, { key: 'dedicated', value: 'namespaceA', effect: 'PreferNoSchedule' }],
    args: ['dedicated:NoSchedule-'],
    want: [{ key: 'dedicated', value: 'namespaceA', effect: 'PreferNoSchedule' }],
    operation: 'untainted',
  },
  {
    description: 'node has two taints with the same key but different effect, remove all of them with wildcard',
    old: [{ key: 'dedicated', value: 'namespaceA', effect: 'NoSchedule' }, { key: 'dedicated', value: 'namespaceA', effect: 'PreferNoSchedule' }],
    args: ['dedicated-'],
    want: [],
    operation: 'untainted',
  },
  {
    description: 'node has two taints, update one of them and remove the other',
    old: [{ key: 'dedicated', value: 'namespaceA', effect: 'NoSchedule' }, { key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }],
    args: ['dedicated:NoSchedule-', 'foo=barz:PreferNoSchedule'],
    overwrite: true,
    want: [{ key: 'foo', value: 'barz', effect: 'PreferNoSchedule' }],
    operation: 'modified',
  },
  {
    description: 'a new taint comes first, then the node\'s other taints (reorganizeTaints)',
    old: [{ key: 'a', effect: 'NoSchedule' }],
    args: ['b:NoExecute'],
    want: [{ key: 'b', effect: 'NoExecute' }, { key: 'a', effect: 'NoSchedule' }],
    operation: 'tainted',
  },
  {
    description: 'invalid taint key',
    args: ['nospecialchars^@=banana:NoSchedule'],
    want: "invalid taint spec: nospecialchars^@=banana:NoSchedule, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  },
  { description: 'invalid taint effect', args: ['foo=bar:NoExcute'], want: 'invalid taint effect: NoExcute, unsupported taint effect' },
  { description: 'duplicated taints with the same key and effect should be rejected', args: ['foo=bar:NoExecute', 'foo=barz:NoExecute'], want: 'duplicated taints with the same key and effect: {foo barz NoExecute <nil>}' },
  { description: 'add and remove taint with same key and effect should be rejected', args: ['foo=:NoExecute', 'foo=:NoExecute-'], want: 'can not both modify and remove the following taint(s) in the same command: {"foo":"NoExecute"}' },
  {
    description: "can't update existing taint on the node, since 'overwrite' flag is not set",
    old: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    args: ['foo=bar:NoSchedule'],
    want: 'node node-name already has foo taint(s) with same effect(s) and --overwrite is false',
  },
  { description: 'removing a taint the node does not have', args: ['foo-'], want: 'taint "foo" not found' },
  { description: 'removing a key and effect the node does not have', old: [{ key: 'foo', effect: 'NoSchedule' }], args: ['foo:NoExecute-'], want: 'taint "foo:NoExecute" not found' },
  { description: 'adding a taint needs an effect', args: ['foo:'], want: 'invalid taint effect: , unsupported taint effect' },
  { description: 'adding a taint needs an effect (no colon: the whole argument is the key)', args: ['foo'], want: 'invalid taint spec: foo' },
];

describe('kubectl taint (taint_test.go TestTaint)', () => {
  it.each(CASES)('$description', (c) => {
    const parsed = parseTaintArgs(c.args);
    const got = parsed.ok ? updateTaints('node-name', c.old ?? [], parsed.add, parsed.remove, c.overwrite ?? false) : parsed;
    if (typeof c.want === 'string') expect(got).toEqual({ ok: false, error: c.want });
    else expect(got).toEqual({ ok: true, operation: c.operation, taints: c.want });
  });
});

describe('kubectl taint through the simulated kubectl', () => {
  const NODES = 'cluster:\n  nodes:\n    - { name: worker-1, cpu: "4", memory: 8Gi }\n';
  function run(commands: string[]): { output?: string; error?: string; exitCode?: number }[] {
    const steps = commands.map((c) => `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`).join('');
    return trace(`kubescene: v1\nname: t\n${NODES}steps:\n${steps}`).steps.map((s) => ({ output: s.output, error: s.error, exitCode: s.exitCode }));
  }

  it('prints tainted, modified and untainted, and kubectl\'s errors with exit 1', () => {
    const steps = run([
      'taint nodes worker-1 dedicated=db:NoSchedule',
      'taint nodes worker-1 dedicated=db:NoSchedule',
      'taint nodes worker-1 dedicated=web:NoSchedule --overwrite',
      'taint nodes worker-1 dedicated:NoExecute-',
      'taint nodes worker-1 dedicated-',
      'taint nodes worker-1 dedicated-',
    ]);
    expect(steps).toEqual([
      { output: 'node/worker-1 tainted\n', error: '', exitCode: 0 },
      { output: '', error: 'error: node worker-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n', exitCode: 1 },
      { output: 'node/worker-1 modified\n', error: '', exitCode: 0 },
      { output: '', error: 'error: taint "dedicated:NoExecute" not found\n', exitCode: 1 },
      { output: 'node/worker-1 untainted\n', error: '', exitCode: 0 },
      { output: '', error: 'error: taint "dedicated" not found\n', exitCode: 1 },
    ]);
  });
});
