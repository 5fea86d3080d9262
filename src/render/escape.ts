/**
 * Escaping for the diagram-as-code formats. Every string that came from input
 * (labels, titles, notes) passes through one of these before it is written
 * into Mermaid, D2 or PlantUML text, so that no input can close a block,
 * start a directive or comment, or smuggle markup into the rendered diagram.
 *
 * The approach is an allowlist: a small set of characters that are inert in
 * the target syntax is written as is; everything else becomes the format's
 * own character reference. Ids are never taken from input verbatim: they are
 * sanitised to `[A-Za-z0-9_]` behind a fixed prefix (see `IdAllocator`).
 */

/** Characters that mean nothing in any of the label positions we write to. */
const INERT = /[A-Za-z0-9 ._/]/;
/**
 * Mermaid also reads these as text in every position we use: arrows need a
 * `>`, `x` or `)` beside the `-`, and `?`, `!`, `'`, `+`, `=` start nothing.
 */
const MERMAID_INERT = /[A-Za-z0-9 ._/?!'+=-]/;

/** Iterate by code point so astral characters become one reference, not two. */
function mapCodePoints(s: string, f: (ch: string, cp: number) => string): string {
  let out = '';
  for (const ch of s) out += f(ch, ch.codePointAt(0)!);
  return out;
}

/** Normalise line breaks; labels are one logical line unless we split them. */
export function labelLines(s: string): string[] {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '').trim());
}

/**
 * Where Mermaid text goes, which decides a few extra characters it may keep:
 * - `label`: message, note, loop/alt, quoted node, subgraph and edge text;
 * - `alias`: `participant x as <alias>`, which ends at `,` or `:`;
 * - `box`: `box <colour> <label>`, whose colour match runs to the last `)`.
 */
export type MermaidTextContext = 'label' | 'alias' | 'box';

/**
 * Mermaid label text: every non-inert character becomes `#<code>;`, which
 * Mermaid turns into an HTML character reference *after* parsing
 * (`encodeEntities`/`decodeEntities`). That covers `%%`, `#`, `;`, quotes,
 * brackets, pipes, `<`, `>`, and the `ﬂ°¶ß` placeholders Mermaid itself
 * uses. Readable punctuation (`( ) , :`) is kept where it is inert; `:` only
 * before a space, and never when the text starts like a `wrap:` prefix.
 * Line breaks become `<br>`, the only markup we write ourselves.
 */
export function mermaidText(s: string, context: MermaidTextContext = 'label'): string {
  const keep = new Set<string>();
  if (context !== 'box') keep.add('(').add(')');
  if (context !== 'alias') keep.add(',');
  const colons = context !== 'alias' && !/^\s*:?(no)?wrap/i.test(s);
  const lines = labelLines(s).map((line) => {
    const chars = [...line];
    return chars
      .map((ch, i) => {
        if (MERMAID_INERT.test(ch) || keep.has(ch)) return ch;
        // `x: y` stays readable; `:` before anything else is encoded, so
        // `style …:\S*#…;` (a Mermaid pre-parse rewrite) never matches.
        if (ch === ':' && colons && (i === chars.length - 1 || chars[i + 1] === ' ')) return ch;
        return `#${ch.codePointAt(0)!};`;
      })
      .join('');
  });
  const text = lines.join('<br>');
  // An empty label would leave some statements without their text token.
  return text === '' ? '#160;' : text;
}

/** Literal inside a YAML double-quoted scalar (only `"` and `\\` are special there). */
const YAML_KEEP = new Set([':', ',', '(', ')']);

/**
 * A YAML double-quoted scalar for Mermaid front matter (`title:`). Front
 * matter is not entity-decoded, and Mermaid writes the title with
 * `textContent`, so plain \u escapes are the right tool here.
 */
export function mermaidYamlString(s: string): string {
  const flat = labelLines(s).join(' ');
  return `"${mapCodePoints(flat, (ch, cp) => (MERMAID_INERT.test(ch) || YAML_KEEP.has(ch) ? ch : unicodeEscape(cp)))}"`;
}

function unicodeEscape(cp: number): string {
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/**
 * A D2 double-quoted string. Backslash escapes for `"` and `\`; `$` is
 * escaped so `${var}` substitutions cannot fire; line breaks become `\n`.
 * Control characters are dropped by `labelLines`.
 */
export function d2String(s: string): string {
  const lines = labelLines(s).map((line) =>
    mapCodePoints(line, (ch) => {
      if (ch === '"' || ch === '\\' || ch === '$') return `\\${ch}`;
      return ch;
    }),
  );
  return `"${lines.join('\\n')}"`;
}

/** Characters that start Creole markup when doubled (`**bold**`, `--strike--`, `""mono""` …). */
const CREOLE_MARKERS = new Set(['*', '/', '-', '_', '~', '=', '^', '.']);
/** Lone punctuation that PlantUML treats as plain text inside a label. */
const PLANTUML_LONE = new Set(['-', ',', ':', '?', '(', ')', '+']);

/**
 * PlantUML label text, for use inside `"…"` and after `:`. Everything that is
 * not inert becomes a `<U+XXXX>` character (PlantUML's Creole decodes them),
 * and so does every character of a doubled Creole marker, so
 * `@enduml`, `"`, `<img>`, `\n`, `==` and `**bold**` are all inert. A lone
 * `-` stays readable (`kube-proxy`). Line breaks become PlantUML's `\n`.
 */
export function plantUmlText(s: string): string {
  const lines = labelLines(s).map((line) => {
    const chars = [...line];
    return chars
      .map((ch, i) => {
        const doubled = CREOLE_MARKERS.has(ch) && (chars[i - 1] === ch || chars[i + 1] === ch);
        const safe = (INERT.test(ch) || PLANTUML_LONE.has(ch)) && !doubled;
        return safe ? ch : plantUmlCodePoint(ch.codePointAt(0)!);
      })
      .join('');
  });
  const text = lines.join('\\n');
  return text === '' ? plantUmlCodePoint(0xa0) : text;
}

/**
 * PlantUML's own `<U+XXXX>` character form. (Its `&#NN;` form is decoded
 * before a Java regex replacement, so `&#36;` and `&#92;` crash PlantUML.)
 */
function plantUmlCodePoint(cp: number): string {
  return `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Gives each view id a stable, unique, syntax-safe identifier: a fixed prefix
 * (so no id can be a keyword such as `end`, `style` or `label`, or start with
 * the `o`/`x` that Mermaid reads as an arrow head) plus the id with every
 * character outside `[A-Za-z0-9_]` replaced. Collisions get `_2`, `_3`, … in
 * order of first request, so the mapping depends only on the view.
 */
export class IdAllocator {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  get(prefix: string, id: string): string {
    const key = `${prefix}\u0000${id}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const base = `${prefix}_${sanitizeId(id)}`;
    let candidate = base;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${base}_${n}`;
    this.byKey.set(key, candidate);
    this.used.add(candidate);
    return candidate;
  }
}

export function sanitizeId(id: string): string {
  const clean = id
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
  return clean === '' ? 'x' : clean;
}
