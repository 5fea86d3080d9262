/**
 * Every emitted Mermaid file goes through the real mermaid-cli (its Node API,
 * one Chromium for the whole file). Skipped with a message when Chromium is
 * not installed; CI installs it.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/render/mermaid/index.ts';
import { MermaidRenderer, chromiumPath } from '../../src/render/mermaid/browser.ts';
import { DiagnosticError } from '../../src/common/diagnostic.ts';
import { toolViews } from './corpus.ts';
import { HAND_VIEWS, hostileView } from './hand-views.ts';

/** Every corpus view and every scenario's summary (as `render --detail summary` draws it). */
const views = await toolViews();
const haveChromium = existsSync(chromiumPath());
if (!haveChromium) console.warn(`mermaid-cli tests skipped: no Chromium at ${chromiumPath()} (apt-get install chromium)`);

describe('MermaidRenderer.open without Chromium', () => {
  it('throws DiagnosticError no-chromium naming the fix and the alternative', async () => {
    const err = await MermaidRenderer.open({ executablePath: '/nonexistent/chromium' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiagnosticError);
    const d = (err as DiagnosticError).diagnostics[0]!;
    expect(d.code).toBe('no-chromium');
    expect(d.message).toContain('apt-get install chromium');
    expect(d.message).toContain('--renderer native');
  });
});

describe.skipIf(!haveChromium)('mermaid-cli renders every emitted Mermaid file', () => {
  let renderer: MermaidRenderer;
  /** Started together in beforeAll; each test awaits its own diagram's outcome. */
  const svgs = new Map<string, Promise<string>>();

  beforeAll(async () => {
    renderer = await MermaidRenderer.open();
    // A text already rendered (a summary the same as the standard view) is rendered once. The texts render
    // in batches, one call into the page each (MermaidRenderer.renderSvgs), byte-identical to `render`
    // one by one ('renders byte-identically twice' below compares the two); each keeps its own outcome.
    const texts = [...new Set(views.map(({ view }) => toMermaid(view)))];
    const outcomes = renderer.renderSvgs(texts, 'light');
    const byText = new Map(
      texts.map((mmd, i) => [
        mmd,
        outcomes.then((all) => {
          const o = all[i]!;
          if (o.status === 'rejected') throw o.reason;
          return o.value;
        }),
      ]),
    );
    for (const { name, view } of views) {
      const svg = byText.get(toMermaid(view))!;
      svg.catch(() => undefined); // reported by the test that awaits it
      svgs.set(name, svg);
    }
  });
  afterAll(async () => {
    await renderer?.close();
  });

  for (const { name } of views) {
    it(`${name}.mmd parses and renders`, async () => {
      const svg = await svgs.get(name)!;
      expect(svg).toMatch(/^<svg[\s>]/);
      expect(svg).not.toContain('Syntax error in text');
    });
  }

  it('hostile labels render as text: no element, attribute or directive got through', async () => {
    for (const kind of ['architecture', 'sequence', 'flowchart']) {
      const svg = await svgs.get(`hand/hostile-labels/${kind}`)!;
      expect(svg).not.toMatch(/<img/i);
      expect(svg).not.toMatch(/<[a-z][^<>]*\sonerror\s*=/i);
      expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
      // The init directive in the title is shown, not obeyed (theme stays light).
      expect(svg).toContain('%%{init: {"theme":"dark"}}%%');
      expect(svg).not.toMatch(/background-color:\s*(#333|rgb\(51, 51, 51\))/);
    }
  });

  it('renders byte-identically twice, in a batch and alone', async () => {
    // The first rendering is the one beforeAll started in a batch, many diagrams ago; the second is `render`'s.
    for (const view of HAND_VIEWS) {
      const a = await svgs.get(`hand/ordinary/${view.kind}`)!;
      const b = await renderer.render(toMermaid(view), { format: 'svg', theme: 'light' });
      expect(a).toBe(b);
    }
  });

  it("gives the same SVG as mermaid-cli's renderMermaid with a fresh page per diagram", async () => {
    const cli = await MermaidRenderer.open({ engine: 'render-mermaid' });
    try {
      // Sequence diagrams twice: the warm page has rendered others before them.
      for (const view of [HAND_VIEWS[0]!, hostileView(HAND_VIEWS[1]!)]) {
        const mmd = toMermaid(view);
        const [warm, fresh] = await Promise.all([
          renderer.render(mmd, { format: 'svg', theme: 'light' }),
          cli.render(mmd, { format: 'svg', theme: 'light' }),
        ]);
        expect(warm).toBe(fresh);
      }
    } finally {
      await cli.close();
    }
  });

  it('renders PNG and the dark theme', async () => {
    const png = (await renderer.render(toMermaid(HAND_VIEWS[1]!), { format: 'png', theme: 'dark' })) as Uint8Array;
    expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const dark = (await renderer.render(toMermaid(hostileView(HAND_VIEWS[2]!)), { format: 'svg', theme: 'dark' })) as string;
    expect(dark).toContain('background-color: rgb(15, 23, 42)');
  });

  it('a batch keeps each diagram its own outcome: an invalid text fails alone, its neighbours render', async () => {
    const good = 'flowchart LR\n  a --> b';
    const [first, bad, last] = await renderer.renderSvgs([good, 'flowchart LR\n  a -->', 'sequenceDiagram\n  a->>b: hi'], 'light');
    expect(first).toEqual({ status: 'fulfilled', value: await renderer.render(good, { format: 'svg', theme: 'light' }) });
    expect(bad?.status).toBe('rejected');
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/Parse error|Expecting/);
    expect(last?.status === 'fulfilled' ? last.value : '').toMatch(/^<svg[\s>]/);
  });

  it('rejects invalid Mermaid with its parse error', async () => {
    await expect(renderer.render('flowchart LR\n  a -->', { format: 'svg', theme: 'light' })).rejects.toThrow(/Parse error|Expecting/);
  });
});
