/**
 * The text a diagram-as-code edge carries (Mermaid, D2, PlantUML). These
 * formats draw no legend beside the picture, so the edge says what the SVG's
 * badge and legend entry say together: its number (architecture), its label,
 * and, on an edge drawn as working although some of its requests failed
 * (`GraphEdge.failedSteps`, a "mixed" edge), the legend's note of what failed
 * and when, in the legend's words (views/common/failed-note.ts):
 * `1. GET/PATCH/POST poddisruptionbudgets, nodes, … · POST pods/eviction failed in step 6`.
 * Plain text: each emitter escapes it for its format.
 */
import type { GraphEdge } from '../views/types.ts';
import { failedNote as noteOf } from '../views/common/failed-note.ts';

export function edgeText(edge: GraphEdge, numbered: boolean): string {
  const parts = [numbered && edge.number !== undefined ? `${edge.number}.` : '', edge.label ?? ''];
  const text = parts.filter((p) => p !== '').join(' ');
  const note = failedNote(edge);
  return text === '' ? note : note === '' ? text : `${text} · ${note}`;
}

/**
 * `POST pods/eviction failed in step 6`, `POST configmaps failed in step 5,
 * GET configmaps in steps 6–7` (the failing requests named, each with its
 * steps), `failed in steps 3, 5–7`, on an edge drawn as working whose
 * requests failed in those steps; empty otherwise.
 */
export function failedNote(edge: GraphEdge): string {
  const steps = edge.failedSteps ?? [];
  return steps.length === 0 ? '' : noteOf(edge.failedRequests, steps);
}
