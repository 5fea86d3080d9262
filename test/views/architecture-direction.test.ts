/**
 * Architecture edges tell the truth about direction and fate (issue 9 item 6):
 *
 * - every edge points the way the requests it stands for went. A watch is a
 *   request too: the component opens a long GET on the API server, which
 *   streams the events back on it (client-go tools/cache/reflector.go
 *   ListAndWatch → Watch), so a watch event drawn API server → kubelet in the
 *   trace is the kubelet's request to the API server. An edge never carries a
 *   request against its arrow (the summary once drew API server → controller
 *   manager `watch deployments, POST replicasets`, the POST going the other way);
 * - a legend number never joins a failed (red) edge and one that worked;
 * - no traffic legend entry is contained in another of the same fate
 *   (`traffic, to another node` beside `to another node`), and no two
 *   entries read the same.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../src/views/index.ts';
import type { ArchitectureView, GraphEdge } from '../../src/views/types.ts';
import type { Trace, TraceEvent } from '../../src/trace/types.ts';
import { simulateOnce } from '../helpers/library.ts';

const files = readdirSync(new URL('../../scenarios/', import.meta.url))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** Who sent the request an event is part of, and who served it. */
function requestEnds(e: TraceEvent): [string, string] {
  // The kubelet's PLEG relists the runtime (pkg/kubelet/pleg/generic.go Relist → runtime.GetPods): the kubelet asks.
  return e.type === 'watch' || e.action === 'pleg-relist' ? [e.to, e.from] : [e.from, e.to];
}

/** The drawn box of a trace id when it is drawn as itself (a container as its Pod); undefined when drawn as something else. */
function boxOf(view: ArchitectureView, trace: Trace, id: string): string | undefined {
  const ids = new Set(view.nodes.map((n) => n.id));
  if (ids.has(id)) return id;
  const c = trace.components.find((x) => x.id === id);
  if (c?.kind === 'container' && c.parent !== undefined && ids.has(c.parent)) return c.parent;
  return undefined;
}

function against(view: ArchitectureView, trace: Trace, edge: GraphEdge): string[] {
  const byId = new Map(trace.events.map((e) => [e.id, e]));
  const wrong: string[] = [];
  for (const id of edge.events) {
    const e = byId.get(id)!;
    const [src, dst] = requestEnds(e);
    if (boxOf(view, trace, src) === edge.to || boxOf(view, trace, dst) === edge.from) wrong.push(`${e.type} ${e.from} → ${e.to}: ${e.summary}`);
  }
  return wrong;
}

describe.each(['summary', 'standard'] as const)('architecture edges at %s', (detail) => {
  it.each(files)('%s: every edge points the way its requests went; one fate per number; legend entries distinct', async (file) => {
    const trace = await simulateOnce(`scenarios/${file}`);
    const view = buildArchitecture(trace, { detail });
    for (const edge of view.edges) expect(against(view, trace, edge), `edge ${edge.from} → ${edge.to} [${edge.label}]`).toEqual([]);

    const fates = new Map<number, Set<string>>();
    for (const e of view.edges) if (e.number !== undefined) fates.set(e.number, (fates.get(e.number) ?? new Set()).add(e.emphasis === 'danger' ? 'danger' : 'ok'));
    for (const [n, f] of fates) expect([...f], `legend number ${n} joins a failed and a working edge`).toHaveLength(1);

    const byId = new Map(trace.events.map((e) => [e.id, e]));
    const kindOf = (n: number) => {
      const edges = view.edges.filter((e) => e.number === n);
      const traffic = edges.every((e) => e.events.every((id) => byId.get(id)?.type === 'packet'));
      return `${traffic ? 'traffic' : 'api'}:${[...fates.get(n)!].join()}`;
    };
    const texts = view.legend.map((l) => l.text);
    expect(new Set(texts).size, `legend entries read the same: ${texts.join(' | ')}`).toBe(texts.length);
    const bare = (t: string) => t.replace(/ \(×\d+\)$/, '');
    // An edge whose replies also answered with another status says so (ingress: the Pods' `HTTP 200 OK` and
    // ingress-nginx's `HTTP 200 OK, 404 Not Found` to the internet): that entry adds an outcome, not a repeat.
    const addsStatus = (a: string, b: string) => b.startsWith(`${a}, `) && b.slice(a.length + 2).split(', ').every((x) => /^(HTTP )?\d{3} /.test(x));
    for (const a of view.legend) {
      for (const b of view.legend) {
        if (a === b || kindOf(a.number) !== kindOf(b.number) || !kindOf(a.number).startsWith('traffic') || addsStatus(bare(a.text), bare(b.text))) continue;
        expect(bare(b.text).includes(bare(a.text)), `legend ${a.number} "${a.text}" is contained in ${b.number} "${b.text}"`).toBe(false);
      }
    }
  });
});
