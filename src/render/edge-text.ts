/**
 * The text a diagram-as-code edge carries (Mermaid, D2, PlantUML). These
 * formats draw no legend beside the picture, so the edge says what the SVG's
 * badge and legend entry say together: its number (architecture), its label,
 * and, on an edge drawn as working although some of its requests failed
 * (`GraphEdge.failedSteps`, a "mixed" edge), the legend's note of when they
 * failed: `6. POST deployments, health check GET /readyz · failed in step 3`.
 * Plain text: each emitter escapes it for its format.
 */
import type { GraphEdge } from '../views/types.ts';
import { stepRanges } from '../views/architecture/state.ts';

export function edgeText(edge: GraphEdge, numbered: boolean): string {
  const parts = [numbered && edge.number !== undefined ? `${edge.number}.` : '', edge.label ?? ''];
  const text = parts.filter((p) => p !== '').join(' ');
  const note = failedNote(edge);
  return text === '' ? note : note === '' ? text : `${text} · ${note}`;
}

/** `failed in steps 3, 5–7` on an edge drawn as working whose requests failed in those steps; empty otherwise. */
export function failedNote(edge: GraphEdge): string {
  const steps = edge.failedSteps ?? [];
  if (steps.length === 0) return '';
  return `failed in ${steps.length === 1 ? 'step' : 'steps'} ${stepRanges(steps)}`;
}
