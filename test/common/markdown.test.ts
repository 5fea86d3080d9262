/**
 * Markdown from input is inert: every output of common/markdown.ts is
 * rendered with a real CommonMark parser (commonmark.js) and the HTML may
 * only hold the tags and attributes we write ourselves.
 */
import { HtmlRenderer, Parser } from 'commonmark';
import { describe, expect, it } from 'vitest';
import { mdAuthor, mdCell, mdCode, mdFence, mdImage, mdLink, mdText, mdUrl } from '../../src/common/markdown.ts';
import { Prng } from '../../src/common/prng.ts';

const reader = new Parser();
const writer = new HtmlRenderer();
const html = (md: string) => writer.render(reader.parse(md));

const HOSTILE = [
  '\\`<img src=x onerror=alert(1)>`',
  '`<b>` \\`<img src=x onerror=alert(1)>\\`',
  '<script>alert(1)</script>',
  '<div onclick="x">block</div>',
  '<!-- comment --> <?php x ?> <![CDATA[x]]>',
  '&lt;img src=x&gt; &#60;svg onload=1&#62; &amp;',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1)) [y](data:text/html,<b>) [z](vbscript:x) [w](//evil.example/x)',
  '[x]( javascript:alert(1) "t") [y](<javascript:alert(1)>)',
  '![](http://evil/x.png) ![a](https://evil/x.png) ![b](//evil/x.png) ![c](x.png)',
  '<http://evil.example> <javascript:alert(1)> <mail@example.com>',
  '[ref]\n\n[ref]: javascript:alert(1)',
  'title\n# heading\n- item\n> quote\n```\ncode\n```',
  '    indented code <b>',
  '*emph* **strong** ~~del~~ _u_ |a|b|',
  'abc\u202Egpj.exe \u001b[31mred\u001b[0m \u0007 \u200F \u2066x\u2069',
  '1. one\n2) two\n+ plus\n= setext\n---',
  '\\',
  'a\\\nb  \nc',
  '[a](x.md "title") [b](https://ok.example/a_(b)) [c](./x y.md)',
];

const ALLOWED = new Set(['p', 'em', 'strong', 'code', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'hr', 'br', 'a', 'img']);

/** Every tag in the HTML with its attributes; fails on anything we never write. */
function checkHtml(out: string, where: string): { tags: string[] } {
  const tags: string[] = [];
  for (const m of out.matchAll(/<\/?([A-Za-z][A-Za-z0-9]*)([^>]*)>/g)) {
    const tag = m[1]!.toLowerCase();
    tags.push(tag);
    expect(ALLOWED.has(tag), `${where}: <${tag}> in ${out}`).toBe(true);
    const attrs = [...m[2]!.matchAll(/\s([A-Za-z-]+)(?:="([^"]*)")?/g)].map((a) => ({ name: a[1]!, value: a[2] ?? '' }));
    for (const a of attrs) {
      const ok =
        (tag === 'a' && a.name === 'href' && /^(https?:\/\/[^/]|[^:]*$)/i.test(a.value)) ||
        (tag === 'img' && a.name === 'src' && /^[^:]*$/.test(a.value) && !a.value.startsWith('//')) ||
        (tag === 'img' && a.name === 'alt') ||
        (tag === 'ol' && a.name === 'start' && /^\d+$/.test(a.value)) ||
        // diff --format md fences multi-line changes as ```diff (a fixed info string, never from input)
        (tag === 'code' && a.name === 'class' && a.value === 'language-diff') ||
        (tag === 'img' && a.name === '/');
      expect(ok, `${where}: ${tag} ${a.name}="${a.value}" in ${out}`).toBe(true);
    }
  }
  // Text outside tags never holds a raw `<` (CommonMark escapes it) or a control/bidi character.
  expect(out.replace(/<[^>]*>/g, ''), where).not.toMatch(/[<\u0000-\u0008\u000b-\u001f\u007f\u202e\u2066-\u2069]/);
  return { tags };
}

describe('mdText: input as inert, one-line text', () => {
  it.each(HOSTILE)('%j renders as one paragraph of text', (s) => {
    const out = html(`${mdText(s)}\n`);
    const { tags } = checkHtml(out, s);
    expect(tags).toEqual(['p', 'p']);
  });

  it('after a list marker, in a heading and in a table cell it stays text', () => {
    for (const s of HOSTILE) {
      checkHtml(html(`1. ${mdText(s)}\n`), s);
      expect(checkHtml(html(`# ${mdText(s)}\n`), s).tags).toEqual(['h1', 'h1']);
      expect(mdCell(s)).not.toContain('\n');
    }
  });

  it('shows control and bidi characters as \\uXXXX', () => {
    expect(html(mdText('abc\u202Egpj.exe'))).toBe('<p>abc\\u202Egpj.exe</p>\n');
    expect(html(mdText('\u001b[31mred'))).toBe('<p>\\u001B[31mred</p>\n');
  });

  it('keeps ordinary text readable', () => {
    expect(mdText('kube-proxy (nftables) sends 3 requests: ok.')).toBe('kube-proxy (nftables) sends 3 requests: ok.');
  });
});

describe('mdCode and mdFence: verbatim, never markup', () => {
  it.each(HOSTILE)('%j', (s) => {
    expect(checkHtml(html(mdCode(s)), s).tags).toEqual(['p', 'code', 'code', 'p']);
    expect(checkHtml(html(mdFence(s).join('\n')), s).tags).toEqual(['pre', 'code', 'code', 'pre']);
  });
});

describe('links and images', () => {
  it('allows only http(s) and relative targets; images only relative', () => {
    expect(mdUrl('javascript:alert(1)')).toBeUndefined();
    expect(mdUrl(' JAVASCRIPT:alert(1)')).toBeUndefined();
    expect(mdUrl('data:text/html,x')).toBeUndefined();
    expect(mdUrl('//evil.example/x')).toBeUndefined();
    expect(mdUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(mdUrl('web/steps.md')).toBe('web/steps.md');
    expect(mdUrl('http://evil/x.png', { image: true })).toBeUndefined();
    expect(mdImage('pic', 'http://evil/x.png')).toBe('[pic](http://evil/x.png)');
    expect(mdLink('x', 'javascript:alert(1)')).toBe('x');
    for (const s of HOSTILE) {
      checkHtml(html(mdLink(s, s)), s);
      checkHtml(html(mdImage(s, s)), s);
    }
  });
});

describe('mdAuthor: the author keeps Markdown, loses HTML and unsafe links', () => {
  it.each(HOSTILE)('%j', (s) => {
    checkHtml(html(mdAuthor(s)), s);
  });

  it('the reported cases', () => {
    expect(html(mdAuthor('\\`<img src=x onerror=alert(1)>`'))).not.toContain('<img');
    expect(html(mdAuthor('[x](javascript:alert(1))'))).toBe('<p>x</p>\n');
    expect(html(mdAuthor('![](http://evil/x.png)'))).toBe('<p><a href="http://evil/x.png"></a></p>\n');
  });

  it('keeps paragraphs, lists, emphasis, code and safe links', () => {
    const md = 'A **bold** and *emph* `code <b>`, see [docs](https://kubernetes.io/docs/).\n\n1. one\n2. two\n   more\n\n- a\n- b\n\n```yaml\nx: <y>\n```';
    const out = html(mdAuthor(md));
    expect(out).toBe(html(md).replace('<code class="language-yaml">', '<code>'));
  });

  it('is a fixed point: escaping twice changes nothing', () => {
    for (const s of HOSTILE) expect(mdAuthor(mdAuthor(s)), s).toBe(mdAuthor(s));
  });

  it('seeded random Markdown soup never yields a tag or attribute from input', () => {
    const rng = new Prng(12, 'markdown-fuzz');
    const atoms = ['<', '>', '`', '\\', '[', ']', '(', ')', '!', '*', '_', '&', '#', ';', ':', 'javascript', 'http://e/x', 'img', ' src=x', ' onerror=a', 'script', '\n', '\n\n', '-', '1.', '>', '    ', '"', "'", '=', 'x', '\u202E', '\u001b'];
    for (let i = 0; i < 400; i++) {
      let s = '';
      const n = 1 + rng.int(40);
      for (let k = 0; k < n; k++) s += rng.pick(atoms);
      checkHtml(html(mdAuthor(s)), s);
      checkHtml(html(`${mdText(s)}\n`), s);
    }
  });
});

describe('the Markdown kubescene writes (steps.md, gallery README, diff --format md) holds no HTML from input', () => {
  const evil = ['\\`<img src=x onerror=alert(1)>`', '[x](javascript:alert(1))', '![](http://evil/x.png)', 'line\n# heading\n<script>x</script>', 'abc\u202Egpj.exe'];

  it('steps.md', async () => {
    const { explainTrace } = await import('../../src/explain/index.ts');
    const { applyDeploymentTrace } = await import('../fixtures/traces/fixtures.ts');
    for (const s of evil) {
      const t = applyDeploymentTrace();
      t.header.scenario.title = s;
      t.header.scenario.description = s;
      t.steps[0]!.title = s;
      t.steps[0]!.command = s;
      t.steps[0]!.output = s;
      const out = html(explainTrace(t, { pictures: { sequence: 'javascript:alert(1)' } }));
      checkHtml(out, s);
      if (s.startsWith('line')) expect(out).toMatch(/^<h1>line # heading &lt;script&gt;/);
      expect(out).not.toMatch(/<img src="http/);
    }
  });

  it('gallery README', async () => {
    const { galleryMarkdown } = await import('../../src/build/gallery.ts');
    for (const s of evil) {
      const out = html(galleryMarkdown([{ name: 'web', title: s, description: s, source: s }, { name: 'bad', title: s, description: s, source: s, skipped: { why: 'a step fails', detail: s } }]));
      checkHtml(out, s);
      expect(out).not.toMatch(/<img src="http/);
    }
  });

  it('gallery scenario page', async () => {
    const { scenarioPage } = await import('../../src/build/gallery.ts');
    const { applyDeploymentTrace } = await import('../fixtures/traces/fixtures.ts');
    for (const s of evil) {
      const t = applyDeploymentTrace();
      t.steps[0]!.title = s;
      t.steps[0]!.command = s;
      t.steps[0]!.output = s;
      const pictures = [
        { name: 'architecture', kind: 'architecture' as const, detail: 'standard' },
        { name: 'sequence', kind: 'sequence' as const, detail: 'summary', overview: true as const },
        { name: 'sequence.step-01', kind: 'sequence' as const, detail: 'summary', step: 1 },
        { name: 'flowchart', kind: 'flowchart' as const, detail: 'standard', step: 1 },
      ];
      const out = html(scenarioPage({ name: 'web', title: s, description: s, source: s }, t, pictures));
      checkHtml(out, s);
      expect(out).toContain('<img src="sequence.step-01.svg"');
    }
  });

  it('diff --format md', async () => {
    const { formatDiffMarkdown } = await import('../../src/trace/diff-format.ts');
    const { diffTraces } = await import('../../src/trace/diff.ts');
    const { applyDeploymentTrace } = await import('../fixtures/traces/fixtures.ts');
    for (const s of evil) {
      const a = applyDeploymentTrace();
      const b = applyDeploymentTrace();
      b.steps[0]!.output = s;
      b.events[0]!.summary = s;
      const out = html(formatDiffMarkdown(diffTraces(a, b, { a: s, b: 'b' })));
      checkHtml(out, s);
    }
  });
});
