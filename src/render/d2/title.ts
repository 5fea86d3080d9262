import { d2String } from '../escape.ts';

/** A title as a text shape pinned above the diagram (D2 has no title keyword). */
export function d2Title(title: string): string[] {
  if (title.trim() === '') return [];
  return [`ks_title: ${d2String(title)} {`, '  shape: text', '  near: top-center', '  style.font-size: 20', '}'];
}
