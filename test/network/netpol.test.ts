/**
 * Truth tables from kubernetes.io "Network Policies" (the test-network-policy
 * example, default deny/allow policies, "Behavior of to and from selectors",
 * endPort) and the e2e netpol / cyclonus conventions (policyTypes defaulting,
 * additive policies, named ports resolved on the destination pod).
 */
import { describe, expect, it } from 'vitest';
import { effectivePolicyTypes, evaluateConnection, evaluateDirection } from '../../src/cluster/core/network/netpol.ts';
import type { NamespaceLabels, NetpolEndpoint, NetworkPolicy } from '../../src/cluster/core/network/netpol.ts';
import { pod } from './fixtures.ts';

const P = (name: string, ns: string, labels: Record<string, string>, ip: string): NetpolEndpoint => ({
  kind: 'pod',
  pod: pod(name, ip, 'worker-1', labels, { ns, ports: [{ name: 'http', containerPort: 8080 }, { name: 'redis', containerPort: 6379 }] }),
});
const IP = (ip: string): NetpolEndpoint => ({ kind: 'ip', ip });

const dbPod = pod('db', '10.244.1.10', 'worker-1', { role: 'db' }, { ports: [{ name: 'http', containerPort: 8080 }, { name: 'redis', containerPort: 6379 }] });
const db: NetpolEndpoint = { kind: 'pod', pod: dbPod };
const frontend = P('frontend', 'default', { role: 'frontend' }, '10.244.1.11');
const other = P('other', 'default', { role: 'other' }, '10.244.1.12');
const inMyProject = P('x', 'myproject', { app: 'x' }, '10.244.2.10');
const inOtherNs = P('y', 'elsewhere', { role: 'frontend' }, '10.244.2.11');
const namespaces: NamespaceLabels = { myproject: { project: 'myproject' }, alice: { user: 'alice' } };

const docsExample: NetworkPolicy = {
  metadata: { name: 'test-network-policy', namespace: 'default' },
  spec: {
    podSelector: { matchLabels: { role: 'db' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{
      from: [
        { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
        { namespaceSelector: { matchLabels: { project: 'myproject' } } },
        { podSelector: { matchLabels: { role: 'frontend' } } },
      ],
      ports: [{ protocol: 'TCP', port: 6379 }],
    }],
    egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] }],
  },
};

function verdict(from: NetpolEndpoint, to: NetpolEndpoint, port: number, policies: NetworkPolicy[]) {
  const v = evaluateConnection(from, to, port, 'TCP', policies, namespaces);
  return v.allowed ? 'allow' : `deny ${v.direction} ${v.policies.join(',')}`;
}

describe('the docs example (test-network-policy)', () => {
  const cases: [string, NetpolEndpoint, NetpolEndpoint, number, string][] = [
    ['frontend → db:6379', frontend, db, 6379, 'allow'],
    ['frontend → db:80', frontend, db, 80, 'deny ingress default/test-network-policy'],
    ['other pod → db:6379', other, db, 6379, 'deny ingress default/test-network-policy'],
    ['any pod of a project=myproject namespace', inMyProject, db, 6379, 'allow'],
    ['frontend-labelled pod of another namespace', inOtherNs, db, 6379, 'deny ingress default/test-network-policy'],
    ['172.17.0.5 (in ipBlock)', IP('172.17.0.5'), db, 6379, 'allow'],
    ['172.17.1.5 (except)', IP('172.17.1.5'), db, 6379, 'deny ingress default/test-network-policy'],
    ['db → 10.0.0.5:5978', db, IP('10.0.0.5'), 5978, 'allow'],
    ['db → 10.0.1.5:5978', db, IP('10.0.1.5'), 5978, 'deny egress default/test-network-policy'],
    ['db → frontend:8080', db, frontend, 8080, 'deny egress default/test-network-policy'],
    ['frontend → other (not selected)', frontend, other, 8080, 'allow'],
  ];
  it.each(cases)('%s', (_n, from, to, port, want) => expect(verdict(from, to, port, [docsExample])).toBe(want));
});

describe('default policies', () => {
  const denyIngress: NetworkPolicy = { metadata: { name: 'default-deny-ingress', namespace: 'default' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };
  const allowIngress: NetworkPolicy = { metadata: { name: 'allow-all-ingress', namespace: 'default' }, spec: { podSelector: {}, ingress: [{}] } };
  const denyEgress: NetworkPolicy = { metadata: { name: 'default-deny-egress', namespace: 'default' }, spec: { podSelector: {}, policyTypes: ['Egress'] } };
  const denyAll: NetworkPolicy = { metadata: { name: 'default-deny-all', namespace: 'default' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
  const allowFrontend: NetworkPolicy = {
    metadata: { name: 'allow-frontend', namespace: 'default' },
    spec: { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'frontend' } } }] }] },
  };
  it.each([
    ['deny ingress blocks pods', [denyIngress], frontend, db, 'deny ingress default/default-deny-ingress'],
    ['deny ingress blocks the internet', [denyIngress], IP('203.0.113.9'), db, 'deny ingress default/default-deny-ingress'],
    ['deny ingress leaves egress alone', [denyIngress], db, IP('8.8.8.8'), 'allow'],
    ['deny ingress in another namespace does not apply', [denyIngress], inMyProject, inOtherNs, 'allow'],
    ['allow all ingress', [allowIngress], inOtherNs, db, 'allow'],
    ['deny + allow all = allow (additive)', [denyIngress, allowIngress], inOtherNs, db, 'allow'],
    ['deny egress', [denyEgress], db, IP('8.8.8.8'), 'deny egress default/default-deny-egress'],
    ['deny egress applies before the destination', [denyEgress], frontend, db, 'deny egress default/default-deny-egress'],
    ['deny all', [denyAll], frontend, other, 'deny egress default/default-deny-all'],
    ['deny + allow frontend: frontend gets in', [denyIngress, allowFrontend], frontend, db, 'allow'],
    ['deny + allow frontend: others do not', [denyIngress, allowFrontend], other, db, 'deny ingress default/default-deny-ingress,default/allow-frontend'],
  ])('%s', (_n, policies, from, to, want) => expect(verdict(from, to, 8080, policies)).toBe(want));

  it('reports the allowing policy when allowed', () => {
    const v = evaluateDirection('ingress', dbPod, frontend, 8080, 'TCP', [denyIngress, allowFrontend]);
    expect(v).toEqual({ direction: 'ingress', allowed: true, isolated: true, policies: ['default/allow-frontend'], policy: 'default/allow-frontend' });
    const c = evaluateConnection(frontend, db, 8080, 'TCP', [denyIngress, allowFrontend]);
    expect([c.allowed, c.policy, c.deniedAt]).toEqual([true, 'default/allow-frontend', undefined]);
    const d = evaluateConnection(other, db, 8080, 'TCP', [denyIngress, allowFrontend]);
    expect([d.direction, d.deniedAt]).toEqual(['ingress', { pod: 'default/db', node: 'worker-1' }]);
  });
});

describe('policyTypes defaulting', () => {
  it('Ingress always; Egress only with egress rules', () => {
    const onlyEgress: NetworkPolicy = { metadata: { name: 'e', namespace: 'default' }, spec: { podSelector: {}, egress: [{}] } };
    expect(effectivePolicyTypes(onlyEgress)).toEqual(['ingress', 'egress']);
    expect(effectivePolicyTypes({ metadata: { name: 'i', namespace: 'default' }, spec: { podSelector: {} } })).toEqual(['ingress']);
    // The gotcha: an egress-only policy without policyTypes also isolates for ingress.
    expect(verdict(frontend, db, 8080, [onlyEgress])).toBe('deny ingress default/e');
  });
});

describe('peers: namespaceSelector and podSelector together or apart', () => {
  const alicePod = P('a', 'alice', { role: 'client' }, '10.244.3.1');
  const aliceOther = P('b', 'alice', { role: 'server' }, '10.244.3.2');
  const localClient = P('c', 'default', { role: 'client' }, '10.244.3.3');
  const together: NetworkPolicy = {
    metadata: { name: 'and', namespace: 'default' },
    spec: { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'alice' } }, podSelector: { matchLabels: { role: 'client' } } }] }] },
  };
  const apart: NetworkPolicy = {
    metadata: { name: 'or', namespace: 'default' },
    spec: { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'alice' } } }, { podSelector: { matchLabels: { role: 'client' } } }] }] },
  };
  it.each([
    ['AND: alice client', together, alicePod, 'allow'],
    ['AND: alice server', together, aliceOther, 'deny ingress default/and'],
    ['AND: local client', together, localClient, 'deny ingress default/and'],
    ['OR: alice client', apart, alicePod, 'allow'],
    ['OR: alice server', apart, aliceOther, 'allow'],
    ['OR: local client', apart, localClient, 'allow'],
    ['OR: other local pod', apart, other, 'deny ingress default/or'],
  ])('%s', (_n, np, from, want) => expect(verdict(from, db, 8080, [np])).toBe(want));

  it('kubernetes.io/metadata.name is always a namespace label', () => {
    const np: NetworkPolicy = {
      metadata: { name: 'by-name', namespace: 'default' },
      spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['elsewhere'] }] } }] }] },
    };
    expect(verdict(inOtherNs, db, 80, [np])).toBe('allow');
    expect(verdict(inMyProject, db, 80, [np])).toBe('deny ingress default/by-name');
  });
});

describe('ports', () => {
  const np = (ports: NetworkPolicy['spec']['ingress']): NetworkPolicy => ({ metadata: { name: 'p', namespace: 'default' }, spec: { podSelector: {}, ingress: ports } });
  it.each([
    ['numeric', [{ ports: [{ port: 8080 }] }], 8080, 'TCP', true],
    ['numeric other', [{ ports: [{ port: 8080 }] }], 80, 'TCP', false],
    ['protocol defaults to TCP', [{ ports: [{ port: 53 }] }], 53, 'UDP', false],
    ['UDP', [{ ports: [{ port: 53, protocol: 'UDP' as const }] }], 53, 'UDP', true],
    ['named port resolves on the destination', [{ ports: [{ port: 'http' }] }], 8080, 'TCP', true],
    ['named port, other number', [{ ports: [{ port: 'http' }] }], 80, 'TCP', false],
    ['endPort range start', [{ ports: [{ port: 32000, endPort: 32768 }] }], 32000, 'TCP', true],
    ['endPort range end', [{ ports: [{ port: 32000, endPort: 32768 }] }], 32768, 'TCP', true],
    ['endPort range outside', [{ ports: [{ port: 32000, endPort: 32768 }] }], 32769, 'TCP', false],
    ['protocol only', [{ ports: [{ protocol: 'TCP' as const }] }], 1234, 'TCP', true],
  ] as [string, NetworkPolicy['spec']['ingress'], number, 'TCP' | 'UDP', boolean][])('%s', (_n, rules, port, proto, want) => {
    expect(evaluateConnection(frontend, db, port, proto, [np(rules)]).allowed).toBe(want);
  });
  it('named egress ports need a destination pod', () => {
    const egress: NetworkPolicy = { metadata: { name: 'e', namespace: 'default' }, spec: { podSelector: { matchLabels: { role: 'frontend' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] } };
    expect(verdict(frontend, db, 8080, [egress])).toBe('allow');
    expect(verdict(frontend, IP('1.1.1.1'), 8080, [egress])).toBe('deny egress default/e');
  });
});
