/** kubectl's flag parsing (shared with the scenario loader's command check: ../../scenario/argv.ts). */
import type { KubectlArgs } from '../../scenario/argv.ts';

export { parseArgs, type KubectlArgs } from '../../scenario/argv.ts';

export function flag(a: KubectlArgs, name: string): string | undefined {
  const v = a.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function flagAll(a: KubectlArgs, name: string): string[] {
  return a.flags.get(name) ?? [];
}

export function hasFlag(a: KubectlArgs, name: string): boolean {
  const v = flag(a, name);
  return v !== undefined && v !== 'false';
}

/**
 * `kubectl rollout status --timeout` (kubectl's default 0 waits forever): a
 * whole number with an optional ms|s|m|h unit, capped at `maxMs` so the model
 * stops before the step's settle horizon.
 */
export function rolloutTimeoutMs(a: KubectlArgs, maxMs: number): number {
  const t = flag(a, 'timeout');
  const m = t ? /^(\d+)(ms|s|m|h)?$/.exec(t) : null;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const ms = m ? Number(m[1]) * (unit[m[2] ?? 's'] ?? 1000) : 0;
  return ms > 0 ? Math.min(ms, maxMs) : maxMs;
}
