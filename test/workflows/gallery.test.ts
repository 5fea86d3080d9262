import { describe, expect, it } from 'vitest';
import { galleryMarkdown } from '../../src/build/gallery.ts';
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
    expect(md).toContain('![flowchart](scale-up/flowchart.svg)');
    expect(md).not.toContain('<b>');
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
