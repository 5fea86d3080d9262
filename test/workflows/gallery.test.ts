import { describe, expect, it } from 'vitest';
import { galleryMarkdown, oneLineSummary, scenarioPage, type PagePicture } from '../../src/build/gallery.ts';
import { applyDeploymentTrace } from '../fixtures/traces/fixtures.ts';
import { createReporter } from '../../src/build/progress.ts';
import { parseManifest } from '../../src/build/outputs.ts';

describe('gallery', () => {
  it('lists every scenario by name with its pictures and links (golden)', async () => {
    const md = galleryMarkdown([
      { name: 'scale-up', title: 'Scaling up', description: 'More **replicas**.', source: 'scenarios/scale-up.yaml' },
      { name: 'apply-deployment', title: 'kubectl apply <b>', description: '', source: 'scenarios/apply-deployment.yaml' },
    ]);
    await expect(md).toMatchFileSnapshot('__golden__/gallery.md');
    expect(md.indexOf('## apply-deployment')).toBeLessThan(md.indexOf('## scale-up'));
    expect(md).toContain('![flowchart of scale-up](scale-up/flowchart.svg)');
    expect(md).toContain('[all pictures](scale-up/README.md)');
    expect(md).not.toContain('<b>');
  });

  it('shows the architecture of a scenario whose diagrams.gallery names it, the flowchart of the others', () => {
    const md = galleryMarkdown([
      { name: 'overview', title: 'The whole system', description: '', source: 'overview.yaml', cover: 'architecture' },
      { name: 'get-pods', title: 'The read path', description: '', source: 'get-pods.yaml' },
    ]);
    expect(md).toContain('![architecture of overview](overview/architecture.svg)');
    expect(md).not.toContain('overview/flowchart.svg');
    expect(md).toContain('![flowchart of get-pods](get-pods/flowchart.svg)');
  });

  it('keeps the gallery picture in the manifest, for an index written by a run that does not load the scenario', () => {
    const base = { kubescene: '1', key: 'k', digest: 'd', toolHash: 't', name: 'overview', source: 'overview.yaml', title: 'T', description: '', passed: true, failures: [], files: {} };
    expect(parseManifest(JSON.stringify({ ...base, cover: 'architecture' }))?.cover).toBe('architecture');
    expect(parseManifest(JSON.stringify(base))).not.toHaveProperty('cover');
    expect(parseManifest(JSON.stringify({ ...base, cover: 'sequence' }))).not.toHaveProperty('cover');
  });

  it('lists a scenario whose step fails as skipped, without pictures', () => {
    const md = galleryMarkdown([
      { name: 'ok', title: 'Fine', description: '', source: 'ok.yaml' },
      { name: 'broken', title: 'Broken', description: '', source: 'broken.yaml', skipped: { why: 'a step fails', detail: 'broken.yaml:5:5: step 2 failed' } },
    ]);
    expect(md).toContain('| broken | Broken (skipped: a step fails) |');
    expect(md).not.toContain('broken/README.md');
    expect(md).toContain('**Skipped:** a step fails, so nothing was built — `broken.yaml:5:5: step 2 failed`');
    expect(md).not.toContain('broken/flowchart.svg');
    expect(md).toContain('## Skipped');
  });

  it('summarises a description in its first sentence, inert', () => {
    expect(oneLineSummary('How a Deployment replaces its Pods. Then more.\n\nSecond paragraph.')).toBe('How a Deployment replaces its Pods.');
    expect(oneLineSummary('Run `kubectl get pods. now` **twice**. Then')).toBe('Run `kubectl get pods. now` twice.');
    expect(oneLineSummary('1. a list item\n2. b')).toBe('a list item');
    expect(oneLineSummary('Use <script>x</script> and [a](javascript:x) link.')).toBe('Use \\<script\\>x\\</script\\> and a link.');
    expect(oneLineSummary('')).toBe('');
  });
});

describe('scenario page', () => {
  it('shows every picture with captions, one slide per step when the story is split (golden)', async () => {
    const t = applyDeploymentTrace();
    const pictures: PagePicture[] = [
      { name: 'architecture', kind: 'architecture', detail: 'standard' },
      { name: 'sequence', kind: 'sequence', detail: 'summary', overview: true },
      { name: 'sequence.step-01', kind: 'sequence', detail: 'summary', step: 1 },
      { name: 'flowchart', kind: 'flowchart', detail: 'standard', step: 1 },
    ];
    const md = scenarioPage({ name: 'apply', title: 'Apply', description: 'A *Deployment*.', source: 'scenarios/apply.yaml' }, t, pictures);
    await expect(md).toMatchFileSnapshot('__golden__/scenario-page.md');
    expect(md).toContain('![sequence.step-01 (summary)](sequence.step-01.svg)');
    expect(md).toContain('[sequence.svg](sequence.svg)');
  });

  it('shows the architecture laid out for the column when the slide picture is too wide, and links the slide picture', () => {
    const md = scenarioPage({ name: 'apply', title: 'Apply', description: '', source: 'a.yaml' }, applyDeploymentTrace(), [
      { name: 'architecture', kind: 'architecture', detail: 'summary', size: { width: 1272, height: 867, minFont: 12 } },
      { name: 'architecture.column', kind: 'architecture', detail: 'summary', size: { width: 880, height: 1093, minFont: 12 } },
    ]);
    expect(md).toContain('\n![architecture.column (summary)](architecture.column.svg)\n');
    expect(md).toContain('for a slide: [architecture.svg](architecture.svg) (1272 px wide)');
    expect(md).not.toContain('![architecture (summary)]');
    expect(md).toContain('[architecture.column.svg](architecture.column.svg)');
  });

  it('shows the one sequence when it fits a slide', () => {
    const md = scenarioPage({ name: 'apply', title: 'Apply', description: '', source: 'a.yaml' }, applyDeploymentTrace(), [
      { name: 'sequence', kind: 'sequence', detail: 'standard' },
    ]);
    expect(md).toContain('## Sequence\n');
    expect(md).toContain('![sequence (standard)](sequence.svg)');
    expect(md).not.toContain('step-');
  });

  it('shows the whole sequence and, below it, the steps that fit in more detail', () => {
    const md = scenarioPage({ name: 'apply', title: 'Apply', description: '', source: 'a.yaml' }, applyDeploymentTrace(), [
      { name: 'sequence', kind: 'sequence', detail: 'summary' },
      { name: 'sequence.step-01', kind: 'sequence', detail: 'standard', step: 1 },
    ]);
    expect(md).toContain('![sequence (summary)](sequence.svg)');
    expect(md.indexOf('### Step by step, in more detail')).toBeGreaterThan(md.indexOf('![sequence (summary)](sequence.svg)'));
    expect(md).toContain('![sequence.step-01 (standard)](sequence.step-01.svg)');
  });

  it('shows a picture that fits a 900-px column as it is, a wider one as a preview linked to the full-size file', () => {
    const md = scenarioPage({ name: 'apply', title: 'Apply', description: '', source: 'a.yaml' }, applyDeploymentTrace(), [
      { name: 'architecture', kind: 'architecture', detail: 'summary', size: { width: 1278, height: 847, minFont: 12 } },
      { name: 'sequence', kind: 'sequence', detail: 'summary', size: { width: 900, height: 700, minFont: 12 } },
      { name: 'flowchart', kind: 'flowchart', detail: 'standard', step: 1, size: { width: 901, height: 500, minFont: 12 } },
    ]);
    expect(md).toContain('\n![sequence (summary)](sequence.svg)\n');
    expect(md).toContain('[![architecture (summary)](architecture.svg)](architecture.svg)\n\n*Slide-sized picture (1278 px wide, more than a 900-px column): [open it full size](architecture.svg).*');
    expect(md).toContain('[![flowchart (standard)](flowchart.svg)](flowchart.svg)');
  });

  it('shows a step cut into slides as consecutive pictures under one caption', () => {
    const t = applyDeploymentTrace();
    const md = scenarioPage({ name: 'apply', title: 'Apply', description: '', source: 'a.yaml' }, t, [
      { name: 'sequence', kind: 'sequence', detail: 'summary', overview: true },
      { name: 'sequence.step-01a', kind: 'sequence', detail: 'summary', step: 1, part: { index: 1, of: 2 } },
      { name: 'sequence.step-01b', kind: 'sequence', detail: 'summary', step: 1, part: { index: 2, of: 2 } },
    ]);
    expect(md.split(`**Step 1: ${t.steps[0]!.title}**`).length - 1).toBe(1);
    expect(md).toContain('(2 slides)');
    const a = md.indexOf('![sequence.step-01a (summary)](sequence.step-01a.svg)');
    const b = md.indexOf('![sequence.step-01b (summary)](sequence.step-01b.svg)');
    expect(a).toBeGreaterThan(-1);
    expect(b).toBeGreaterThan(a);
    expect(md.slice(a, b)).not.toContain('*summary detail');
    expect(md.slice(b)).toContain('*summary detail');
  });
});

describe('progress', () => {
  it('prints one quiet line per scenario off a terminal', () => {
    let out = '';
    const r = createReporter({ write: (s: string) => (out += s) }, { tty: false });
    r.start(1, 2, 'a');
    r.done(1, 2, 'a', 'built');
    r.done(2, 2, 'b', 'up-to-date');
    r.finish('1 built, 1 up to date');
    expect(out).toBe('built a\nup to date b\n1 built, 1 up to date\n');
  });

  it('updates one line on a terminal and keeps problems on screen', () => {
    let out = '';
    const r = createReporter({ write: (s: string) => (out += s), isTTY: true, columns: 40 }, { tty: true });
    r.start(3, 24, 'rolling-update');
    expect(out).toBe('\r[3/24] building rolling-update…\x1b[K');
    r.done(3, 24, 'rolling-update', 'failed', 'expectation failed');
    expect(out).toContain('\r\x1b[KFAILED rolling-update: expectation failed\n');
  });
});

describe('manifest', () => {
  it('treats anything unreadable as no manifest', () => {
    expect(parseManifest(undefined)).toBeUndefined();
    expect(parseManifest('{')).toBeUndefined();
    expect(parseManifest('{"key": 1}')).toBeUndefined();
    expect(parseManifest('{"key": "k", "files": {}}')).toMatchObject({ key: 'k', passed: true, failures: [] });
  });
});

describe('toolHash', () => {
  it('changes with any source or template file, not with hidden files', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { toolHash } = await import('../../src/build/fsio.ts');
    const root = await mkdtemp(join(tmpdir(), 'ks-tool-'));
    try {
      await mkdir(join(root, 'src/render'), { recursive: true });
      await mkdir(join(root, 'templates'), { recursive: true });
      await writeFile(join(root, 'src/render/a.ts'), 'export const a = 1;\n');
      await writeFile(join(root, 'templates/light.json'), '{}');
      const h1 = await toolHash(root);
      await writeFile(join(root, 'src/render/.a.ts.swp'), 'x');
      expect(await toolHash(root)).toBe(h1);
      await writeFile(join(root, 'templates/light.json'), '{"a":1}');
      const h2 = await toolHash(root);
      expect(h2).not.toBe(h1);
      await writeFile(join(root, 'src/render/a.ts'), 'export const a = 2;\n');
      expect(await toolHash(root)).not.toBe(h2);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
