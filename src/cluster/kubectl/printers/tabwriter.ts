/**
 * A port of Go's text/tabwriter (left-aligned, space padding, no flags), the
 * writer behind every kubectl table: cells end at '\t'; the text after a
 * line's last tab is not a column cell and is never padded; a column block is
 * a run of consecutive lines that all have that column, and its width is the
 * widest cell + padding (at least minwidth).
 */

export interface TabwriterOptions {
  minwidth: number;
  padding: number;
}

/** kubectl get: printers.GetNewTabWriter (minwidth 6, padding 3). */
export const GET_TABWRITER: TabwriterOptions = { minwidth: 6, padding: 3 };
/** kubectl describe: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export const DESCRIBE_TABWRITER: TabwriterOptions = { minwidth: 0, padding: 2 };

/** Display width as Go counts it (runes, not UTF-16 units). */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Formats `text` (lines separated by '\n', cells by '\t') as tabwriter.Flush would. */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  const endsWithNewline = text.endsWith('\n');
  const body = endsWithNewline ? text.slice(0, -1) : text;
  const lines = body.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i] as string[];
      let s = '';
      cells.forEach((c, j) => {
        s += c;
        if (j < widths.length && j < cells.length - 1) s += ' '.repeat(Math.max(0, (widths[j] as number) - width(c)));
      });
      out.push(s);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= (lines[cur] as string[]).length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let w = opts.minwidth;
      for (; cur < line1; cur++) {
        const cells = lines[cur] as string[];
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column] as string) + opts.padding);
      }
      widths.push(w);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      cur--; // the for-loop increment re-examines `cur`, as Go's loop does
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}
