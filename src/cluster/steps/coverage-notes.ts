/**
 * Nothing silent, in the trace: one line under `simplifications` for every
 * kind the scenario uses that the model only stores, and every field it
 * ignores (the tables are src/cluster/simplifications/coverage.ts, applied by
 * src/scenario/coverage.ts; the loader warns at the
 * object). Objects come from the scenario's files and from what the cluster
 * holds at the end (e.g. `kubectl create job`).
 */
import type { Scenario } from '../../scenario/types.ts';
import { commandGaps, coverageGaps, kindSupport } from '../../scenario/coverage.ts';
import type { ObjectStore } from '../apiserver/store.ts';
import type { PodSpec, PodTemplateSpec } from '../core/typed.ts';
import { KIND_NOTES } from '../simplifications/workloads.ts';
import { PROBE_NOTE } from '../simplifications/coverage.ts';

/** The fields of a workload's spec that hold its pod template. */
interface Templated {
  template?: PodTemplateSpec;
  jobTemplate?: { spec?: { template?: PodTemplateSpec } };
}

function podSpecs(o: { kind: string; spec?: unknown }): PodSpec[] {
  const t = o.spec as Templated | undefined;
  const spec = o.kind === 'Pod' ? (o.spec as PodSpec | undefined) : o.kind === 'CronJob' ? t?.jobTemplate?.spec?.template?.spec : t?.template?.spec;
  return spec ? [spec] : [];
}

/** Probes and commands: how the model reads them. */
function containerNotes(s: Scenario): string[] {
  const out: string[] = [];
  let probes = false;
  for (const name of Object.keys(s.files).sort()) {
    for (const o of s.files[name]!.objects) {
      for (const spec of podSpecs(o)) {
        for (const c of spec.containers ?? []) if (c.livenessProbe || c.readinessProbe || c.startupProbe) probes = true;
      }
      // Commands the model does not interpret (app and init containers): the loader warns at them too.
      for (const g of commandGaps(o as Record<string, unknown>)) out.push(g.note);
    }
  }
  return probes ? [PROBE_NOTE, ...out] : out;
}

export function coverageNotes(s: Scenario, cache: ObjectStore): string[] {
  const notes = new Set<string>();
  for (const name of Object.keys(s.files).sort()) {
    for (const o of s.files[name]!.objects) for (const g of coverageGaps(o as Record<string, unknown>)) notes.add(g.note);
  }
  for (const kind of cache.kinds().sort()) {
    if (kindSupport(kind)?.support !== 'stored' || cache.count(kind) === 0) continue;
    for (const g of coverageGaps({ kind })) notes.add(g.note);
  }
  for (const n of containerNotes(s)) notes.add(n);
  for (const kind of Object.keys(KIND_NOTES).sort()) if (cache.count(kind) > 0 || Object.values(s.files).some((f) => f.objects.some((o) => o.kind === kind))) notes.add(KIND_NOTES[kind]!);
  return [...notes];
}
