/** Nothing silent: kinds the model only stores and fields it ignores are warned about and listed in the trace. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/common/diagnostic.ts';
import { loadScenario } from '../../src/scenario/index.ts';
import { coverageGaps, coverageMarkdown, KIND_TABLE } from '../../src/scenario/coverage.ts';
import { RESOURCES } from '../../src/scenario/kinds.ts';
import { simulate } from '../../src/cluster/index.ts';

const cwd = process.cwd();

describe('coverage table', () => {
  it('has one row for every built-in kind', () => {
    expect(KIND_TABLE.map((r) => r.kind).sort()).toEqual(RESOURCES.map((r) => r.kind).sort());
  });

  it('is shown verbatim in docs/scenario-format.md', () => {
    expect(readFileSync('docs/scenario-format.md', 'utf8')).toContain(coverageMarkdown());
  });

  it.each([
    [{ kind: 'Pod', spec: { hostNetwork: true, containers: [] } }, ['ignored-field spec.hostNetwork']],
    [{ kind: 'Pod', spec: { hostNetwork: false, containers: [] } }, []],
    [{ kind: 'Pod', spec: { containers: [{ name: 'a' }, { name: 'b', lifecycle: { postStart: {} } }] } }, ['ignored-field spec.containers.1.lifecycle.postStart']],
    // preStop hooks run (kubelet/termination.ts); a tcpSocket one does not, as in a real kubelet.
    [{ kind: 'Pod', spec: { containers: [{ name: 'a', lifecycle: { preStop: { exec: { command: ['true'] } } } }] } }, []],
    [{ kind: 'Pod', spec: { containers: [{ name: 'a', lifecycle: { preStop: { tcpSocket: { port: 80 } } } }] } }, ['ignored-field spec.containers.0.lifecycle.preStop.tcpSocket']],
    [{ kind: 'ReplicaSet', spec: { minReadySeconds: 0 } }, []],
    [{ kind: 'ResourceQuota', spec: {} }, ['unmodelled-kind ']],
    [{ kind: 'Widget', spec: { hostNetwork: true } }, []],
    [{ kind: 'ConfigMap', data: {} }, []],
  ])('coverageGaps(%j)', (obj, want) => {
    expect(coverageGaps(obj).map((g) => `${g.code} ${g.path.join('.')}`)).toEqual(want);
  });
});

describe('a scenario with gaps', () => {
  it('loads with one warning per gap, located at the kind or field', async () => {
    const r = await loadScenario('test/fixtures/coverage/gaps.yaml', { cwd });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n'));
    const text = r.warnings.map((d) => formatDiagnostic(d, { color: false })).join('\n') + '\n';
    await expect(text).toMatchFileSnapshot('__golden__/coverage.warnings.txt');
  });

  it('lists each gap once under the trace\'s simplifications', async () => {
    const r = await loadScenario('test/fixtures/coverage/gaps.yaml', { cwd });
    if (!r.ok) throw new Error('does not load');
    const notes = simulate(r.value).simplifications;
    const gaps = notes.filter((n) => n.startsWith('The model ignores') || n.includes('are stored but no component runs them'));
    expect(gaps).toEqual([
      'ResourceQuota objects are stored but no component runs them: the ResourceQuota admission plugin would refuse objects over the quota.',
      'The model ignores the pod spec field containers.lifecycle.postStart: postStart hooks are not run (preStop hooks are: exec for as long as its command runs, sleep, httpGet).',
      'The model ignores the pod spec field priorityClassName: pod priority is not resolved: every pod has priority 0 and preempts nothing.',
      'The model ignores the HorizontalPodAutoscaler field spec.metrics: only CPU utilization of Resource metrics is computed; this metric is not.',
    ]);
  });
});
