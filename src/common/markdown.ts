/**
 * Markdown from input, made inert: the one place that decides how a string
 * that came from a scenario, a trace or a command line is written into
 * Markdown (`steps.md`, the gallery README, `diff --format md`).
 *
 * The rule:
 * - text from input never becomes markup: no raw HTML (inline or block), no
 *   entity references, no emphasis, links, headings or list markers — every
 *   character Markdown would read is backslash-escaped (`mdText`);
 * - link and image targets are only `http(s)://…` or relative paths
 *   (`mdUrl`); anything else (`javascript:`, `data:`, `//host`, …) is dropped
 *   and only the link text remains; images from input are only drawn from
 *   relative paths (an external image becomes a plain link);
 * - titles, headings and table cells are one line (line breaks become spaces);
 * - control and bidi characters are shown as `\uXXXX` (see `showControls`);
 * - the author's own Markdown (a scenario's description) keeps its structure
 *   — paragraphs, lists, emphasis, code, quotes, safe links — because it is
 *   parsed with a real CommonMark parser and written out again from the
 *   syntax tree with the rules above (`mdAuthor`); raw HTML in it is text.
 */
import { Parser } from 'commonmark';
import type { Node as MdNode } from 'commonmark';
import { showControls } from './diagnostic.ts';

/** ASCII punctuation Markdown (CommonMark + GitHub's tables, strikethrough and autolinks) may read as syntax anywhere in a line. */
const INLINE_SPECIAL = /[\\`*_[\]<>#|!~&]/g;

/** One line, control and bidi characters visible, runs of white space as one space. */
function oneLine(s: string): string {
  return showControls(s.replace(/[\t\n\r\f\v\u2028\u2029 ]+/g, ' '));
}

/**
 * Input as Markdown text: inline, one line, inert. `atLineStart` (default
 * true) also escapes what starts a block at the beginning of a line (`-`,
 * `+`, `=`, `1.`, `1)`), so the text may follow a list marker or start a line.
 */
export function mdText(s: string, atLineStart = true): string {
  let t = oneLine(s).replace(INLINE_SPECIAL, '\\$&');
  if (atLineStart) t = t.replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d{1,9})([.)])/, '$1\\$2');
  return t;
}

/** A table cell: `mdText`, never a line start that matters, `|` escaped (it is). */
export function mdCell(s: string): string {
  return mdText(s, false);
}

/** Input as an inline code span, one line: a backtick run longer than any inside. */
export function mdCode(s: string): string {
  const text = oneLine(s);
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return text === '' ? '` `' : `${ticks}${pad}${text}${pad}${ticks}`;
}

/** Input as a fenced code block (lines): a fence longer than any backtick run inside. */
export function mdFence(text: string): string[] {
  const body = showControls(text.replace(/\r\n?/g, '\n').replace(/\n+$/, ''));
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return [ticks, body, ticks];
}

/**
 * A link or image target from input, or undefined when it is not allowed:
 * `http://` and `https://` URLs, and relative paths (no scheme, not `//host`).
 * Images (`image: true`) may only be relative: no picture is fetched from
 * elsewhere. The result is percent-encoded where Markdown would stop reading.
 */
export function mdUrl(url: string, opts: { image?: boolean } = {}): string | undefined {
  const u = url.trim();
  if (u === '' || /[\u0000-\u001f\u007f-\u009f]/.test(u)) return undefined;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(u);
  const absolute = scheme !== null || u.startsWith('//') || u.startsWith('\\') || u.startsWith('/\\');
  if (absolute) {
    if (opts.image) return undefined;
    if (!scheme || !/^https?$/i.test(scheme[1]!) || !/^https?:\/\/[^/\\]/i.test(u)) return undefined;
  }
  // In a relative path `:` is encoded too, so no later reader can take a prefix for a scheme.
  const special = absolute ? /[()<>`'"\\]/g : /[()<>`'"\\:]/g;
  return encodeURI(decodeSafe(u)).replace(special, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeSafe(u: string): string {
  try {
    return decodeURI(u);
  } catch {
    return u;
  }
}

/** `[text](url)` when the target is allowed, else the text alone. */
export function mdLink(text: string, url: string): string {
  const target = mdUrl(url);
  return target === undefined ? mdText(text, false) : `[${mdText(text, false)}](${target})`;
}

/** `![alt](path)` for a relative picture; an external one is a link, anything else its alt text. */
export function mdImage(alt: string, url: string): string {
  const target = mdUrl(url, { image: true });
  return target === undefined ? mdLink(alt, url) : `![${mdText(alt, false)}](${target})`;
}

const parser = new Parser();

/**
 * The author's Markdown, kept as Markdown but made inert: parsed with a
 * CommonMark parser, written out again from the tree. Raw HTML becomes
 * text, unsafe link targets lose their link, images are drawn only from
 * relative paths, code keeps its content verbatim inside a long enough fence.
 */
export function mdAuthor(md: string): string {
  const doc = parser.parse(md.replace(/\r\n?/g, '\n'));
  return blocks(doc).join('\n').replace(/\n+$/, '');
}

function children(node: MdNode): MdNode[] {
  const out: MdNode[] = [];
  for (let c = node.firstChild; c; c = c.next) out.push(c);
  return out;
}

/** Lines of a container's block children, blank lines between blocks (none in tight lists). */
function blocks(node: MdNode, tight = false): string[] {
  const out: string[] = [];
  for (const c of children(node)) {
    if (out.length > 0 && !tight) out.push('');
    out.push(...block(c));
  }
  return out;
}

function block(node: MdNode): string[] {
  switch (node.type) {
    case 'paragraph':
      return inlines(node).split('\n');
    case 'heading':
      return [`${'#'.repeat(node.level)} ${inlines(node).replace(/\n/g, ' ')}`];
    case 'code_block':
      return mdFence(node.literal ?? '');
    case 'html_block':
      return (node.literal ?? '').replace(/\n+$/, '').split('\n').map((l) => mdText(l));
    case 'thematic_break':
      return ['---'];
    case 'block_quote':
      return blocks(node).map((l) => (l === '' ? '>' : `> ${l}`));
    case 'list': {
      const ordered = node.listType === 'ordered';
      let n = node.listStart ?? 1;
      const out: string[] = [];
      for (const item of children(node)) {
        if (out.length > 0 && !node.listTight) out.push('');
        const marker = ordered ? `${n++}.` : '-';
        const indent = ' '.repeat(marker.length + 1);
        const lines = blocks(item, node.listTight);
        if (lines.length === 0) lines.push('');
        lines.forEach((l, i) => out.push(i === 0 ? `${marker} ${l}`.trimEnd() : l === '' ? '' : `${indent}${l}`));
      }
      return out;
    }
    default:
      // A block type this writer does not know: its text, inert.
      return [mdText(node.literal ?? '')];
  }
}

/** Inline content as one string; soft breaks stay line breaks, each new line escaped as a line start. */
function inlines(node: MdNode): string {
  let out = '';
  let lineStart = true;
  const add = (s: string) => {
    out += s;
    if (s !== '') lineStart = s.endsWith('\n');
  };
  const walk = (n: MdNode): void => {
    for (const c of children(n)) {
      switch (c.type) {
        case 'text':
          add(mdText(c.literal ?? '', lineStart));
          break;
        case 'softbreak':
          add('\n');
          break;
        case 'linebreak':
          add('\\\n');
          break;
        case 'code':
          add(mdCode(c.literal ?? ''));
          break;
        case 'html_inline':
          add(mdText(c.literal ?? '', lineStart));
          break;
        case 'emph':
          add('*');
          walk(c);
          add('*');
          break;
        case 'strong':
          add('**');
          walk(c);
          add('**');
          break;
        case 'link': {
          const target = mdUrl(c.destination ?? '');
          if (target === undefined) walk(c);
          else {
            add('[');
            walk(c);
            add(`](${target})`);
          }
          break;
        }
        case 'image': {
          const alt = plain(c);
          add(mdImage(alt, c.destination ?? ''));
          break;
        }
        default:
          add(mdText(c.literal ?? '', lineStart));
      }
    }
  };
  walk(node);
  return out;
}

/** The plain text of an inline tree (an image's alt text). */
function plain(node: MdNode): string {
  let s = '';
  for (const c of children(node)) s += c.literal ?? plain(c);
  return s;
}
