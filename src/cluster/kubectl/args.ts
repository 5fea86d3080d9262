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
