/** Loading the networking scenarios from `scenarios/` and summarising their traffic for goldens. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseScenario } from '../../src/scenario/index.ts';
import type { Scenario } from '../../src/scenario/types.ts';
import type { Trace } from '../../src/trace/types.ts';

export const NET_SCENARIOS = ['service-clusterip', 'service-types', 'ingress', 'internet-egress', 'network-policy', 'canary-release'] as const;

export function loadNetScenario(name: string, edit: (text: string) => string = (t) => t): Scenario {
  const path = join('scenarios', `${name}.yaml`);
  const text = edit(readFileSync(path, 'utf8'));
  const r = parseScenario(text, path, (rel) => {
    try {
      return readFileSync(join(dirname(path), rel), 'utf8');
    } catch {
      return undefined;
    }
  });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.start?.line}:${d.start?.column} ${d.message}`).join('\n'));
  return r.value;
}

/** One line per networking event (packets, rule syncs, load balancers, ingress syncs): the reviewable part of a golden. */
export function networkLines(t: Trace): string {
  const lines: string[] = [];
  for (const s of t.steps) {
    lines.push(`## step ${s.number}: ${s.command}${s.exitCode !== undefined ? ` → exit ${s.exitCode}` : ''}`);
    if (s.kind === 'traffic') for (const l of `${s.output ?? ''}${s.error ?? ''}`.trimEnd().split('\n')) lines.push(`> ${l}`);
    if (!s.events) continue;
    for (const e of t.events.slice(s.events.first, s.events.last + 1)) {
      const net = e.type === 'packet' || (e.type === 'phase' && s.kind === 'traffic') || /^program-|^sync-ingress$|load-balancer/.test(e.action ?? '');
      if (!net) continue;
      const attrs = e.attrs ? Object.entries(e.attrs).map(([k, v]) => `${k}=${v}`).join(' ') : '';
      lines.push(`${String(e.t).padStart(7)} ${e.type.padEnd(8)} ${e.from} → ${e.to}: ${e.summary}${e.result && e.result !== 'ok' ? ` [${e.result}]` : ''}${attrs ? `  {${attrs}}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
