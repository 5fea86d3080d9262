import { describe, expect, it } from 'vitest';
import { effectiveRequests, hostPortsOf, nodeInfoFor, podInfoFromSpec, withPod } from '../../src/cluster/core/scheduler/build.ts';
import { labelSelectorMatches } from '../../src/cluster/core/scheduler/plugins/helpers.ts';
import { makeNode } from './fixtures.ts';

const MI = 2 ** 20;
const c = (cpu?: string, memory?: string, restartPolicy?: string) => ({
  resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
  ...(restartPolicy ? { restartPolicy } : {}),
});

// k8s.io/component-helpers/resource PodRequests: max(Σ containers, max init) + overhead
describe('effectiveRequests', () => {
  it('sums app containers', () => {
    expect(effectiveRequests({ containers: [c('100m', '64Mi'), c('250m', '128Mi')] })).toEqual({ cpuMillis: 350, memoryBytes: 192 * MI });
  });
  it('takes the larger init container per resource (fit_test: too many resources fails due to init container cpu)', () => {
    expect(effectiveRequests({ initContainers: [c('3', '1Mi')], containers: [c('1', '1Mi')] })).toEqual({ cpuMillis: 3000, memoryBytes: MI });
    expect(effectiveRequests({ initContainers: [c('1', '512Mi'), c('2', '1Mi')], containers: [c('1', '1Mi')] })).toEqual({ cpuMillis: 2000, memoryBytes: 512 * MI });
  });
  it('adds sidecar (restartable) init containers to the sum', () => {
    expect(effectiveRequests({ initContainers: [c('500m', undefined, 'Always')], containers: [c('1')] })).toEqual({ cpuMillis: 1500, memoryBytes: 0 });
  });
  it('adds pod overhead', () => {
    expect(effectiveRequests({ containers: [c('1', '1Gi')], overhead: { cpu: '250m', memory: '120Mi' } })).toEqual({ cpuMillis: 1250, memoryBytes: 1024 * MI + 120 * MI });
  });
  it('non-zero defaults apply per container that requests nothing (100m, 200Mi)', () => {
    expect(effectiveRequests({ containers: [{}, c('50m')] }, true)).toEqual({ cpuMillis: 150, memoryBytes: 400 * MI });
  });
});

describe('podInfoFromSpec / nodeInfoFor / withPod', () => {
  const spec = {
    containers: [{ image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 9090 }], resources: { requests: { cpu: '200m' } } }],
    nodeSelector: { disk: 'ssd' },
    affinity: {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['a'] }] }] } },
    },
    tolerations: [{ key: 'k', operator: 'Exists' as const }],
  };
  it('maps the pod spec', () => {
    const p = podInfoFromSpec({ namespace: 'ns', name: 'p' }, spec);
    expect(p).toMatchObject({
      namespace: 'ns',
      name: 'p',
      labels: {},
      requests: { cpuMillis: 200, memoryBytes: 0 },
      nonZeroRequests: { cpuMillis: 200, memoryBytes: 200 * MI },
      nodeSelector: { disk: 'ssd' },
      hostPorts: [{ port: 8080, hostIP: '', protocol: 'TCP' }],
      images: ['nginx'],
    });
    expect(p.affinity?.nodeAffinity?.required).toEqual([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }]);
    expect(hostPortsOf(spec)).toHaveLength(1);
  });
  it('accumulates requests, ports and pods on a node without mutating it', () => {
    const p = podInfoFromSpec({ namespace: 'ns', name: 'p' }, spec);
    const base = makeNode('n');
    const n0 = nodeInfoFor(base, []);
    const n1 = withPod(n0, p);
    expect(n0.podCount).toBe(0);
    expect(n1).toMatchObject({ podCount: 1, requested: { cpuMillis: 200, memoryBytes: 0 }, nonZeroRequested: { cpuMillis: 200, memoryBytes: 200 * MI } });
    expect(n1.usedHostPorts).toEqual([{ port: 8080, hostIP: '', protocol: 'TCP' }]);
    expect(nodeInfoFor(base, [p, p]).requested).toEqual({ cpuMillis: 400, memoryBytes: 0 });
  });
});

describe('labelSelectorMatches', () => {
  it.each([
    [{}, { a: '1' }, true],
    [{ matchLabels: { a: '1' } }, { a: '1', b: '2' }, true],
    [{ matchLabels: { a: '1' } }, { a: '2' }, false],
    [{ matchExpressions: [{ key: 'a', operator: 'In' as const, values: ['1', '2'] }] }, { a: '2' }, true],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn' as const, values: ['1'] }] }, {}, true],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists' as const }] }, {}, false],
    [{ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' as const }] }, {}, true],
  ])('%j on %j → %s', (sel, labels, want) => {
    expect(labelSelectorMatches(sel, labels)).toBe(want);
  });
  it('a missing selector matches nothing', () => {
    expect(labelSelectorMatches(undefined, { a: '1' })).toBe(false);
  });
});
