/**
 * Traffic in the architecture view (issue 9) goes the way the packet really
 * goes: source → the Service (its virtual address) → the node's kube-proxy
 * rules, which DNAT it to a Pod (pkg/proxy/iptables/proxier.go
 * syncProxyRules: KUBE-SERVICES → KUBE-SVC-* → KUBE-SEP-* DNAT; IPVS and
 * nftables likewise) → the Pod. A NodePort or LoadBalancer packet is DNATed
 * by the same Service rules (KUBE-NODEPORTS / the LB's external IP jump to
 * KUBE-SVC-*), so its path passes the Service box too. A headless Service has
 * no ClusterIP and no kube-proxy rules (proxier skips Services with
 * ClusterIP None): DNS gives Pod addresses and the client reaches the Pod
 * directly. A connection a NetworkPolicy drops is the intruder's: its edges are
 * red from the Pod that opened it.
 */
import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../src/views/index.ts';
import type { ArchitectureView, GraphEdge } from '../../src/views/types.ts';
import { simulateOnce } from '../helpers/library.ts';

async function architecture(name: string): Promise<ArchitectureView> {
  return buildArchitecture(await simulateOnce(`scenarios/${name}.yaml`), { detail: 'standard' });
}

/** Edges of the packets of `step` (their steps include it). */
const ofStep = (view: ArchitectureView, step: number): GraphEdge[] => view.edges.filter((e) => e.steps.includes(step));

/** Whether `to` is reachable from `from` along `edges`. */
function reaches(edges: readonly GraphEdge[], from: string, to: string): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === to) return true;
    for (const e of edges) if (e.from === at && !seen.has(e.to)) (seen.add(e.to), queue.push(e.to));
  }
  return false;
}

const isKubeProxy = (id: string) => id.startsWith('kube-proxy@');

describe('architecture traffic through Services', () => {
  it('service-types: the NodePort client and the cloud load balancer reach the Service box, whose rules at kube-proxy DNAT to a web Pod', async () => {
    const view = await architecture('service-types');
    const nodePort = 'object:Service/default/web-nodeport';
    const lb = 'object:Service/default/web-lb';
    expect(view.nodes.map((n) => n.id)).toEqual(expect.arrayContaining([nodePort, lb]));
    for (const [source, service] of [['internet', nodePort], ['cloud-lb:default/web-lb', lb]] as const) {
      const into = view.edges.find((e) => e.from === source && e.to === service);
      expect(into, `${source} → ${service}`).toBeDefined();
      const dnat = view.edges.find((e) => e.from === service && isKubeProxy(e.to));
      expect(dnat?.label, `${service} → kube-proxy`).toMatch(/^DNAT to a Pod/);
      // …and on to a web Pod, in the same step.
      const step = into!.steps[0]!;
      const pods = view.nodes.filter((n) => n.id.startsWith('pod:default/web-')).map((n) => n.id);
      expect(pods.some((p) => reaches(ofStep(view, step), service, p)), `${service} → a web Pod in step ${step}`).toBe(true);
    }
    // The load balancer no longer skips its Service straight to kube-proxy.
    expect(view.edges.filter((e) => e.from === 'cloud-lb:default/web-lb' && isKubeProxy(e.to))).toEqual([]);
  });

  it('service-types: headless traffic does not pass through a Service (no ClusterIP, no kube-proxy rules)', async () => {
    const view = await architecture('service-types');
    const query = view.edges.find((e) => e.from === 'pod:default/client' && e.to === 'coredns');
    expect(query).toBeDefined();
    const step = query!.steps[0]!;
    const edges = ofStep(view, step).filter((e) => e.from !== 'kube-apiserver' && e.to !== 'kube-apiserver');
    expect(edges.filter((e) => e.from.startsWith('object:Service/') || e.to.startsWith('object:Service/'))).toEqual([]);
    expect(edges.filter((e) => isKubeProxy(e.from) || isKubeProxy(e.to))).toEqual([]);
    const pods = view.nodes.filter((n) => n.id.startsWith('pod:default/web-')).map((n) => n.id);
    expect(pods.some((p) => reaches(edges, 'pod:default/client', p))).toBe(true);
  });

  it('service-clusterip: client → Service → kube-proxy (DNAT) → Pod', async () => {
    const view = await architecture('service-clusterip');
    const service = 'object:Service/default/web';
    expect(view.edges.some((e) => e.from === 'pod:default/client' && e.to === service)).toBe(true);
    const dnat = view.edges.find((e) => e.from === service && isKubeProxy(e.to));
    expect(dnat?.label).toMatch(/^DNAT to a Pod \((iptables|IPVS|nftables)\)/);
    expect(view.nodes.some((n) => n.id === dnat!.to)).toBe(true);
    const pods = view.nodes.filter((n) => n.id.startsWith('pod:default/web-')).map((n) => n.id);
    expect(pods.some((p) => reaches(view.edges, dnat!.to, p))).toBe(true);
  });

  it('network-policy: the dropped connection is red from the intruder Pod that opened it, the allowed one is not', async () => {
    const view = await architecture('network-policy');
    const intruder = 'pod:default/intruder';
    const opened = view.edges.find((e) => e.from === intruder && e.to === 'object:Service/default/api');
    expect(opened?.emphasis).toBe('danger');
    // Every red edge of that step lies on the intruder's path.
    const step = opened!.steps[0]!;
    const red = ofStep(view, step).filter((e) => e.emphasis === 'danger');
    expect(red.length).toBeGreaterThan(1);
    for (const e of red) expect(reaches(red, intruder, e.from), `${e.from} → ${e.to} on the intruder's path`).toBe(true);
    expect(red.some((e) => e.to === 'object:NetworkPolicy/default/api-allow-frontend')).toBe(true);
    // frontend's allowed connection stays normal.
    const allowed = view.edges.find((e) => e.from === 'pod:default/frontend' && e.to === 'object:Service/default/api');
    expect(allowed?.emphasis).toBe('normal');
  });
});

describe('architecture traffic legend', () => {
  const summary = async (name: string) => buildArchitecture(await simulateOnce(`scenarios/${name}.yaml`), { detail: 'summary' });

  it('network-policy at summary: the intruder\'s dropped connection goes Service → the policy that dropped it, not back and forth through kube-proxy beside the Service; every drop shares one number', async () => {
    const view = await summary('network-policy');
    const service = 'object:Service/default/api';
    const red = view.edges.filter((e) => e.emphasis === 'danger');
    expect(red.some((e) => e.from === 'pod:default/intruder' && e.to === service)).toBe(true);
    expect(red.some((e) => e.from === service && e.to === 'object:NetworkPolicy/default/api-allow-frontend')).toBe(true);
    expect(red.filter((e) => e.from.startsWith('kube-proxy') || e.to.startsWith('kube-proxy'))).toEqual([]);
    // The allowed connection still shows kube-proxy's DNAT.
    expect(view.edges.some((e) => e.from === service && e.to.startsWith('kube-proxy') && e.emphasis !== 'danger')).toBe(true);
    const drops = view.legend.filter((l) => /dropped by/.test(l.text));
    expect(drops.map((l) => l.text)).toEqual(['dropped by the NetworkPolicy (×2)']);
  });

  it('service-types at summary: traffic that reads the same shares one number (to the Service from the internet and from the load balancer, a TCP connection to the load balancer and to a headless Pod)', async () => {
    const view = await summary('service-types');
    const texts = view.legend.map((l) => l.text);
    expect(texts).toContain('to the Service (×2)');
    expect(texts).toContain('TCP connection (×2)');
    expect(texts.filter((t) => /^to the Service/.test(t))).toHaveLength(1);
    // Entries stay unique, and traffic is not told apart by the boxes it joins.
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.filter((t) => / → .*: /.test(t))).toEqual([]);
    const into = view.edges.filter((e) => e.to.startsWith('object:Service/'));
    expect(into.map((e) => e.from).sort()).toEqual(['cloud-lb:default/web-lb', 'internet']);
    expect(new Set(into.map((e) => e.number)).size).toBe(1);
    // The headless connection goes straight to a Pod (the CNI is transparent at summary): drawn as the connection it opens, not as the CNI's delivery.
    const headless = view.edges.find((e) => e.from === 'pod:default/client' && e.to.startsWith('pod:default/web-'));
    expect(headless?.label).toBe('TCP connection');
    expect(headless?.number).toBe(view.edges.find((e) => e.from === 'internet' && e.to === 'cloud-lb:default/web-lb')?.number);
  });
});
