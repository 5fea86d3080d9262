import { describe, expect, it } from 'vitest';
import { layout } from '../../src/layout/index.ts';
import { renderSvg } from '../../src/render/svg/index.ts';
import { escapeXml } from '../../src/render/svg/xml.ts';
import { loadTheme } from '../../src/render/theme.ts';
import { rasterise, renderPng } from '../../src/render/png.ts';
import { ICON_PATHS } from '../../src/render/svg/icons.ts';
import type { ArchitectureView, SequenceView } from '../../src/views/types.ts';
import { architecture, flowchart, sequence } from '../layout/fixtures.ts';

const light = loadTheme('light');
const dark = loadTheme('dark');

const HOSTILE = '<script>alert("x")</script> & \' ]]> \u0001';

function hostileArchitecture(): ArchitectureView {
  return {
    ...architecture,
    title: HOSTILE,
    nodes: architecture.nodes.map((n) => (n.id === 'etcd' ? { ...n, label: HOSTILE, sublabel: '"quoted" & <b>' } : n)),
    edges: architecture.edges.map((e) => (e.id === 'e2' ? { ...e, label: HOSTILE } : e)),
    legend: architecture.legend.map((l) => (l.number === 2 ? { ...l, text: HOSTILE } : l)),
  };
}

function hostileSequence(): SequenceView {
  return {
    ...sequence,
    boxes: [{ id: 'cp', label: '</g><script>' }],
    items: [...sequence.items, { type: 'note', id: 'n9', over: ['etcd'], text: HOSTILE, step: 2 }],
  };
}

/** Every id referenced (url(#…), href="#…", aria-labelledby) is defined, and every id carries the prefix. */
function referencesResolve(svg: string): string[] {
  const ids = new Set([...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!));
  const refs = [...svg.matchAll(/url\(#([^)]+)\)|href="#([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
  const aria = /aria-labelledby="([^"]+)"/.exec(svg)?.[1]?.split(' ') ?? [];
  return [...refs, ...aria].filter((r) => !ids.has(r));
}

describe('renderSvg', () => {
  it('escapes every input string (labels, title, legend, boxes, notes)', async () => {
    for (const view of [hostileArchitecture(), hostileSequence()]) {
      const svg = renderSvg(await layout(view), { theme: light });
      expect(svg).not.toContain('<script');
      expect(svg).not.toContain(']]>');
      expect(svg).not.toContain('\u0001');
      expect(svg).not.toContain('</g><script>');
      // resvg parses XML strictly: a broken document would throw here.
      expect(renderPng(svg, { scale: 0.25 }).length).toBeGreaterThan(100);
    }
    const svg = renderSvg(await layout(hostileArchitecture()), { theme: light });
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39; ]]&gt;');
  });

  it('escapes the five XML specials and drops characters XML forbids', () => {
    expect(escapeXml(`<a href="x">&'</a>\u0000\u001f`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });

  it('is deterministic and uses content-derived, prefixed ids that all resolve', async () => {
    const a = renderSvg(await layout(architecture), { theme: light });
    const b = renderSvg(await layout(architecture), { theme: light });
    expect(a).toBe(b);
    const f = renderSvg(await layout(flowchart), { theme: light });
    const prefixA = /id="(ks[0-9a-f]{8})-title"/.exec(a)?.[1];
    const prefixF = /id="(ks[0-9a-f]{8})-title"/.exec(f)?.[1];
    expect(prefixA).toBeDefined();
    expect(prefixA).not.toBe(prefixF);
    for (const m of a.matchAll(/ id="([^"]+)"/g)) expect(m[1]!.startsWith(prefixA!)).toBe(true);
    for (const svg of [a, f, renderSvg(await layout(sequence), { theme: dark })]) expect(referencesResolve(svg)).toEqual([]);
  });

  it('is accessible and self-contained', async () => {
    const svg = renderSvg(await layout(architecture), { theme: light, title: 'Custom title' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+" role="img"/);
    expect(svg).toContain('>Custom title</title>');
    expect(svg).toMatch(/<desc id="[^"]+">architecture diagram with \d+ elements and 7 connections<\/desc>/);
    // The font it was measured with is embedded (a subset of Inter, test/render/font.test.ts), nothing else.
    expect(svg).toMatch(/font-family="&#39;ks[0-9a-f]+ Inter&#39;, Inter, /);
    expect(svg).not.toMatch(/(href|src)="(https?:|file:|data:)/);
    expect(svg).not.toContain('<image');
    expect(svg.match(/<style>/g)).toHaveLength(1);
    expect(svg.match(/url\(/g)?.length).toBe(svg.match(/url\((data:font\/woff;base64,|#)/g)?.length);
    const plain = renderSvg(await layout(architecture), { theme: light, embedFont: false });
    expect(plain).toContain('font-family="Inter, ');
    expect(plain).not.toContain('<style');
  });

  it('draws step frames on the same geometry, dimming what is not in the step', async () => {
    const laid = await layout(architecture);
    const all = renderSvg(laid, { theme: light });
    const step2 = renderSvg(laid, { theme: light, step: 2 });
    expect(step2).toContain('Step 2 of 2 · the Pod is scheduled and started');
    const dim = ` opacity="${light.dimOpacity}"`;
    // user (step 1 only) is dimmed, worker-1's kubelet (step 2) is lit.
    expect(step2).toMatch(new RegExp(`data-id="user" class="ks-component"${dim}`));
    expect(step2).toMatch(/data-id="kubelet1" class="ks-component">/);
    // Legend entries of step 1 are dimmed, of step 2 lit.
    expect(step2).toMatch(new RegExp(`data-id="legend-1" class="ks-legend-entry"${dim}`));
    expect(step2).toMatch(/data-id="legend-4" class="ks-legend-entry">/);
    // Apart from opacity, ids and the caption, nothing moved.
    const normalise = (s: string) =>
      s
        .replace(/ks[0-9a-f]{8}/g, 'ID')
        .replace(/ opacity="[^"]*"/g, '')
        .replace(/<g class="ks-caption">.*?<\/g>/, '');
    expect(normalise(step2)).toBe(normalise(all));
  });

  it('counts "Step k of N" only when the view draws steps 1..N', async () => {
    const laid = await layout(architecture);
    expect(laid.steps?.map((s) => s.number)).toEqual([1, 2]);
    // The same picture as a view of steps 4 and 5 (a flowchart of two focus steps): no "of 2".
    const later = { ...laid, steps: laid.steps!.map((s, i) => ({ ...s, number: i + 4 })) };
    const step5 = renderSvg(later, { theme: light, step: 5 });
    expect(step5).toContain('Step 5 · the Pod is scheduled and started');
    expect(step5).not.toMatch(/Step 5 of/);
  });

  it('gives both themes every emphasis and component kind', () => {
    for (const theme of [light, dark]) {
      for (const e of ['normal', 'taken', 'faint', 'success', 'danger', 'warning', 'accent'] as const) expect(theme.emphasis[e].stroke).toMatch(/^#[0-9a-f]{6}$/);
      for (const icon of Object.keys(ICON_PATHS)) expect(theme.kinds[icon as keyof typeof theme.kinds], `${theme.name} ${icon}`).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(light.background).not.toBe(dark.background);
  });

  it('has a glyph for every icon', () => {
    for (const [name, path] of Object.entries(ICON_PATHS)) {
      if (name === 'none') expect(path).toBe('');
      else expect(path, name).toMatch(/^<(path|rect|circle|ellipse)/);
    }
  });
});

/**
 * Box shadows are plain translucent fills (svg/shapes.ts `shadow`): an
 * feDropShadow filter made resvg blur a layer per box, half of a PNG's CPU
 * (docs/performance.md, "PNG: where a picture's CPU goes").
 */
describe('box shadows', () => {
  const BOXES = /<g data-id="[^"]*" class="ks-(component|process|participant|decision|terminal)"[^>]*>(.{0,40})/g;

  it('puts a shadow without a filter under every card, decision and terminal, in every view and theme', async () => {
    const kinds = new Set<string>();
    for (const view of [architecture, sequence, flowchart]) {
      const laid = await layout(view);
      for (const theme of [light, dark]) {
        const svg = renderSvg(laid, { theme });
        expect(svg).not.toMatch(/<filter|filter=/);
        const boxes = [...svg.matchAll(BOXES)];
        expect(boxes.length, view.kind).toBeGreaterThan(2);
        for (const b of boxes) {
          kinds.add(b[1]!);
          expect(b[2], `${view.kind} ${theme.name} ${b[0]}`).toMatch(new RegExp(`^<g class="ks-shadow" fill="${theme.shadow.color}">`));
        }
      }
    }
    expect([...kinds].sort()).toEqual(['component', 'decision', 'participant', 'process', 'terminal']);
  });

  it('follows theme.shadow: layers of its colour summing to ~0.63 × its opacity; none at opacity 0', async () => {
    const laid = await layout(flowchart);
    const svg = renderSvg(laid, { theme: light });
    const first = /<g class="ks-shadow" fill="([^"]+)">(.*?)<\/g>/.exec(svg);
    expect(first?.[1]).toBe(light.shadow.color);
    const layers = [...first![2]!.matchAll(/fill-opacity="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(layers).toHaveLength(3);
    expect(layers.reduce((a, b) => a + b, 0)).toBeCloseTo(0.63 * light.shadow.opacity, 2);
    const none = renderSvg(laid, { theme: { ...light, shadow: { ...light.shadow, opacity: 0 } } });
    expect(none).not.toContain('ks-shadow');
  });

  it('darkens the pixels just under a box and fades out within 3 px, as the blurred shadow did', async () => {
    const laid = await layout(architecture);
    const user = laid.nodes.find((n) => n.id === 'user')!;
    const green = (svg: string) => {
      const img = rasterise(svg, { scale: 1 });
      const px = img.pixels;
      const x = Math.round(user.x + user.width * 0.75);
      return (dy: number) => px[(Math.round(user.y + user.height + dy) * img.width + x) * 4 + 1]!;
    };
    const at = green(renderSvg(laid, { theme: light }));
    const flat = green(renderSvg(laid, { theme: { ...light, shadow: { ...light.shadow, opacity: 0 } } }));
    expect(flat(1)).toBe(255);
    // light: opacity 0.08 of #0f172a over white; the old filter's pixels here were 246, 251, 253, 255.
    expect(at(1)).toBeLessThanOrEqual(249);
    expect(at(1)).toBeGreaterThanOrEqual(241);
    expect(at(2)).toBeGreaterThan(at(1));
    expect(at(2)).toBeLessThan(255);
    expect(at(5)).toBe(255);
  });

  it('leaves a box its exact fill colour in the PNG (the filter drew each box through an 8-bit linearRGB layer, up to 5 levels off in the dark theme)', async () => {
    const laid = await layout(flowchart);
    const svg = renderSvg(laid, { theme: dark });
    const img = rasterise(svg, { scale: 1 });
    const boxes = laid.nodes.filter((n) => n.kind === 'process' || n.kind === 'terminal');
    expect(boxes.length).toBeGreaterThan(1);
    for (const n of boxes) {
      const drawn = new RegExp(`<g data-id="${n.id}"[^>]*>.*?<rect [^>]* fill="#([0-9a-f]{6})"`).exec(svg);
      expect(drawn, n.id).not.toBeNull();
      const hex = drawn![1]!;
      const want = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
      // Inside the box, right of its text: a few px in from its right edge, halfway down.
      const k = (Math.round(n.y + n.height / 2) * img.width + Math.round(n.x + n.width - 5)) * 4;
      expect([...img.pixels.subarray(k, k + 3)], `${n.id} (#${hex})`).toEqual(want);
    }
  });
});

describe('golden SVGs', () => {
  it('architecture, light', async () => {
    await expect(renderSvg(await layout(architecture), { theme: light })).toMatchFileSnapshot('__golden__/architecture.light.svg');
  });
  it('architecture step 2, dark', async () => {
    await expect(renderSvg(await layout(architecture), { theme: dark, step: 2 })).toMatchFileSnapshot('__golden__/architecture.step-2.dark.svg');
  });
  it('sequence, light', async () => {
    await expect(renderSvg(await layout(sequence), { theme: light })).toMatchFileSnapshot('__golden__/sequence.light.svg');
  });
  it('flowchart, dark', async () => {
    await expect(renderSvg(await layout(flowchart), { theme: dark })).toMatchFileSnapshot('__golden__/flowchart.dark.svg');
  });
});
