/**
 * Make a Mermaid-rendered SVG byte-stable. With `deterministicIds` and a
 * content-derived seed, Mermaid's own ids repeat; one thing remains:
 *
 * - the sequence renderer numbers actors with a module-level counter that is
 *   never reset (`actor<N>`, `actor<N>_popup`, `root-<N>`), so in a page that
 *   rendered diagrams before, numbering starts where the last one stopped.
 *   We renumber from 0, which is what a fresh page (mermaid-cli's own
 *   `renderMermaid`) produces.
 *
 * Only markup is rewritten, never text: attribute values are XML-escaped, so
 * no label can look like `id="actor3"` inside a tag.
 */
export function normaliseSvg(svg: string): string {
  const numbers = [...svg.matchAll(/<[^>]*\sid="actor(\d+)"/g)].map((m) => Number(m[1]));
  if (numbers.length === 0) return svg;
  const base = Math.min(...numbers);
  if (base === 0) return svg;
  return svg.replace(/<[^>]*>/g, (tag) =>
    tag.replace(/(["'(]actor|"root-)(\d+)/g, (_m, prefix: string, n: string) => `${prefix}${Number(n) - base}`),
  );
}
