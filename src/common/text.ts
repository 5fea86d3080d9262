/**
 * Where a label may be broken onto another line or shortened without cutting
 * a word: at spaces, after `/ , ; =`, after a `-` or `:` inside a name
 * (`worker-2`, `unreachable:NoSchedule`), never after the `--` of a flag.
 * Used by the views (evidence strings shortened by characters) and the
 * flowchart layout (labels wrapped and shortened by measured width), so a
 * label is never cut mid-word: `kubectl autoscale … --cpu…` hides the one
 * number the picture is about. Of those breaks, a wrapped line avoids the
 * ones inside a Kubernetes name or between a flag and its value while that
 * fits a line by itself (`keptTogether`, measure.ts), and a name too wide
 * for a line breaks before its generated part first: its owner on one line,
 * the generated part on the next (`generatedSuffixStart`).
 */

export { generatedSuffixStart } from './generated-names.ts';

const alnum = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Positions a line may break at: the text before `i` ends a whole piece (a
 * space at `i`, which the break swallows, or a separator just before `i`).
 */
export function wordBreaks(text: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const prev = text[i - 1]!;
    const c = text[i]!;
    if (c === ' ') {
      // `data, …` stays together: a lone `…` on the last line says nothing.
      // `5 min`, `30 s`, `50 %` stay together too.
      if (prev !== ' ' && text[i + 1] !== '…' && !(/\d/.test(prev) && /^(?:%|ms|s|min|h|m)(?![\p{L}\p{N}])/u.test(text.slice(i + 1)))) out.push(i);
    } else if (prev === ' ') continue;
    else if ('/,;='.includes(prev)) out.push(i);
    else if ((prev === '-' || prev === ':') && alnum(text[i - 2]) && alnum(c) && !flagAt(text, i)) out.push(i);
  }
  return out;
}

/**
 * Where a piece wider than a whole line may still be broken legibly, when
 * none of `wordBreaks` fits: before a dot inside a dotted name
 * (`(hostpath.csi` / `.k8s.io)`, `node.status` / `.volumesAttached`) and
 * between the words of a camelCase name (`volumes` / `Attached`). Only the
 * last resort before a break between two arbitrary letters.
 */
export function softBreaks(text: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const prev = text[i - 1]!;
    const c = text[i]!;
    if (c === '.' && alnum(prev) && alnum(text[i + 1])) out.push(i);
    else if (/\p{Ll}/u.test(prev) && /\p{Lu}/u.test(c)) out.push(i);
  }
  return out;
}

/**
 * Spans of `text` a line should not be broken inside, `[start, end)`: a
 * Kubernetes name (lower-case, with a `-`: `web-canary-65479b8bd8-4qfls`,
 * `kube-controller-manager`), and a command-line flag with its value
 * (`-l app=web`, `-n kube-system`, `--selector=app=web`). A wrapped line
 * breaks before such a span rather than inside it, while the span fits a
 * line by itself (measure.ts wordLines); `web-canary-65479b8bd8-` / `4qfls`
 * and `kubectl get pods -l` / `app=web` read as two things.
 */
export function keptTogether(text: string, until = text.length): [number, number][] {
  const out: [number, number][] = [];
  // One pass over the words (runs of non-spaces): wrapping asks this of every rest of every candidate line.
  let prev: { start: number; end: number; flag: boolean } | undefined;
  let i = 0;
  // Spans that start after `until` hold no break before it (a flag's value is looked at with its flag).
  while (i < text.length && (i <= until || prev?.flag === true)) {
    if (text.charCodeAt(i) === 32) {
      i++;
      continue;
    }
    let end = text.indexOf(' ', i);
    if (end < 0) end = text.length;
    const word = text.slice(i, end);
    if (prev?.flag === true && VALUE_START.test(word)) out.push([prev.start, end]);
    const flag = FLAG_START.test(word);
    if (flag && word.includes('=')) out.push([i, end]);
    else if (!flag) namesIn(word, i, out);
    prev = { start: i, end, flag: flag && !word.includes('=') };
    i = end;
  }
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** `-l`, `--selector`, `--replicas=5`: a word that is a command-line flag. */
const FLAG_START = /^--?[A-Za-z]/;
/** A flag's value starts like a value (`app=web`, `3`, `./k8s`, `'{…}'`), not like another flag, an arrow or a `·`. */
const VALUE_START = /^[\p{L}\p{N}./'"~$]/u;
/**
 * A DNS-1123 name: lower-case letters and digits joined by `-` and `.`; also a holder identity, such a name with
 * an `_id` (client-go leaderelection: `<hostname>_<uuid>`, `control-plane-1_dbcfe293`: gallery review D66).
 */
const K8S_NAME = /^[a-z0-9]+(?:[-.][a-z0-9]+)*(?:_[a-z0-9]+)?$/;
const NAME_CHAR = /[\p{L}\p{N}_.-]/u;

/** The Kubernetes names (with a `-`) among the runs of name characters of `word`, which starts at `offset`. */
function namesIn(word: string, offset: number, out: [number, number][]): void {
  if (!word.includes('-')) return;
  let j = 0;
  while (j < word.length) {
    if (!NAME_CHAR.test(word[j]!)) {
      j++;
      continue;
    }
    let k = j;
    while (k < word.length && NAME_CHAR.test(word[k]!)) k++;
    // A sentence's full stop after a name is not part of it.
    let e = k;
    while (e > j && word[e - 1] === '.') e--;
    const run = word.slice(j, e);
    if (run.includes('-') && K8S_NAME.test(run)) out.push([offset + j, offset + e]);
    j = k;
  }
}


/** Is `i` inside a `--flag-name` (never broken: `--ignore-` / `daemonsets` reads as two flags)? */
function flagAt(text: string, i: number): boolean {
  const start = text.lastIndexOf(' ', i - 1) + 1;
  return text.startsWith('-', start);
}

/** Positions a kept end may start at: the start of a word, or a `/` (`…/default/web`). */
function tailStarts(text: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < text.length; i++) {
    if ((text[i - 1] === ' ' && text[i] !== ' ' && text[i] !== '·') || (text[i] === '/' && text[i - 1] !== ' ' && text[i - 1] !== '/')) out.push(i);
  }
  return out;
}

/** `head … tail`; `…/tail` when the tail is a path, `head/…` when the head ends on a separator. */
export function elide(head: string, tail: string): string {
  const h = head.replace(/[\s·]+$/, '');
  const left = h === '' ? '' : /[/(]$/.test(h) ? h : `${h} `;
  const right = tail === '' ? '' : tail.startsWith('/') ? tail : ` ${tail}`;
  return `${left}…${right}`;
}

/**
 * The text, or, when it does not `fit`, its start and its end joined by `…`
 * with the middle left out, both cut at word boundaries. The end carries the
 * outcome (`→ exit code 137`, `…/default/web`, a reason), so it is kept first:
 * the longest end for which `endFits`, then the longest start that still lets
 * the whole `fit`. When nothing fits, the last piece alone.
 */
export function shortenAtBoundaries(text: string, fits: (s: string) => boolean, endFits: (s: string) => boolean): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (fits(clean)) return clean;
  const starts = tailStarts(clean);
  // A start ends at a space or after `/ , ;`, never inside a name (`kube-controller-…`).
  const heads = wordBreaks(clean)
    .filter((e) => clean[e] === ' ' || '/,;'.includes(clean[e - 1]!))
    .reverse();
  // An end that starts a fact (after ` · `) reads better than one that starts mid-fact.
  const fitting = starts.filter((s) => endFits(clean.slice(s)));
  const tails = [...fitting.filter((s) => clean.slice(s - 3, s) === ' · '), ...fitting.filter((s) => clean.slice(s - 3, s) !== ' · ')];
  // Longest end first; a shorter one when even an empty start does not fit with it.
  for (const s of tails.length > 0 ? tails : starts.slice(-1)) {
    const tail = clean.slice(s).trim();
    for (const e of heads) {
      if (e >= s) continue;
      const candidate = elide(clean.slice(0, e), tail);
      if (fits(candidate)) return candidate;
    }
    if (fits(elide('', tail))) return elide('', tail);
  }
  const last = starts[starts.length - 1];
  return last === undefined ? clean : elide('', clean.slice(last).trim());
}

/** Shortens evidence text to at most `max` characters, at word boundaries, keeping its end. */
export function shortenText(text: string, max: number): string {
  return shortenAtBoundaries(
    text,
    (s) => s.length <= max,
    (s) => s.length <= Math.max(12, Math.floor(max / 3)),
  );
}

/**
 * A count and its noun in the right number: `1 pod`, `3 pods`, `0 ready
 * endpoints`, `1 ready endpoint`; `many` when the plural is not the noun + s.
 * The one helper for every count a picture, a status line or a text prints.
 */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Names in reading order, numbers by value: `worker-2` before `worker-10`. */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
