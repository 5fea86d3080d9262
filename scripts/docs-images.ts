/**
 * `node --import tsx scripts/docs-images.ts`: the pictures of docs/outputs.md,
 * written to docs/img/ from scenarios/apply-deployment.yaml through the real
 * binary (build `dist/` first: `npm run build`).
 *
 * - outputs-player.png: the HTML player in headless Chromium (Debian's
 *   /usr/bin/chromium via puppeteer, no download), 1280 × 800, step 1 with
 *   the first message clicked;
 * - outputs-animated.png: the animated SVG's first frame (its other frames
 *   hidden), rasterised by resvg;
 * - outputs.gif: the GIF itself (summary detail, so it stays small);
 * - outputs-pptx.png: slide 2 of the PPTX, converted by LibreOffice
 *   (`soffice --convert-to pdf`) and rasterised by poppler's pdftoppm.
 *
 * Everything but the Chromium screenshot and the LibreOffice page is
 * byte-deterministic; those two depend on the installed browser and office
 * versions (the script says which it used).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer';
import { renderPng } from '../src/render/png.ts';

const ROOT = resolve(import.meta.dirname, '..');
// The programs it drives (Debian packages chromium, libreoffice-impress, poppler-utils; .ci/run installs them).
const TOOLS: [string, string][] = [['/usr/bin/chromium', 'chromium'], ['soffice', 'libreoffice-impress'], ['pdftoppm', 'poppler-utils']];
const absent = TOOLS.filter(([cmd]) => {
  try {
    execFileSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
});
if (absent.length > 0) {
  process.stderr.write(`docs-images: missing ${absent.map(([cmd, pkg]) => `${cmd} (Debian package ${pkg})`).join(', ')}\n`);
  process.exit(2);
}
const IMG = join(ROOT, 'docs/img');
const SCENARIO = 'scenarios/apply-deployment.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'ks-docs-img-'));
const bin = (...args: string[]) => execFileSync('node', ['bin/kubescene.js', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

try {
  mkdirSync(IMG, { recursive: true });
  bin('render', SCENARIO, '--format', 'html', '-o', tmp);
  bin('render', SCENARIO, '--view', 'architecture', '--format', 'animated-svg', '-o', tmp);
  bin('render', SCENARIO, '--view', 'architecture', '--detail', 'summary', '--format', 'gif', '-o', tmp);
  bin('render', SCENARIO, '--format', 'pptx', '-o', tmp);

  // The player.
  const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.goto(pathToFileURL(join(tmp, 'index.html')).href);
    await page.waitForSelector('#figure svg');
    // Click the middle of the first lit arrow (as test/render/player.test.ts does).
    const at = await page.evaluate(() => {
      /* eslint-disable @typescript-eslint/no-explicit-any */
      const doc = (globalThis as any).document;
      for (const g of [...doc.querySelectorAll('#figure .ks-clickable')] as any[]) {
        const hit = g.hasAttribute('opacity') ? null : g.querySelector('path.ks-hit');
        if (!hit) continue;
        const p = hit.getPointAtLength(hit.getTotalLength() / 2);
        const m = hit.getScreenCTM();
        return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
      }
      return null;
    });
    if (!at) throw new Error('no arrow to click in the player');
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('#event:not([hidden])');
    writeFileSync(join(IMG, 'outputs-player.png'), await page.screenshot({ type: 'png' }));
    process.stderr.write(`player: ${await browser.version()}\n`);
  } finally {
    await browser.close();
  }

  // The animated SVG's first frame: every other frame hidden, animation off.
  const animated = readFileSync(join(tmp, 'architecture.animated.svg'), 'utf8');
  const first = animated.replace(/<style>[\s\S]*?<\/style>/, '').replace(/(<g class="ka[0-9a-f]+-f ka[0-9a-f]+-f)([1-9]\d*)"/g, '$1$2" display="none"');
  writeFileSync(join(IMG, 'outputs-animated.png'), renderPng(first, { scale: 0.6 }));

  copyFileSync(join(tmp, 'architecture.gif'), join(IMG, 'outputs.gif'));

  // Slide 2 of the deck, as LibreOffice draws it.
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', tmp, join(tmp, 'slides.pptx')], { stdio: 'ignore' });
  execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '72', '-png', '-singlefile', join(tmp, 'slides.pdf'), join(tmp, 'slide')]);
  copyFileSync(join(tmp, 'slide.png'), join(IMG, 'outputs-pptx.png'));
  process.stderr.write(`wrote ${['outputs-player.png', 'outputs-animated.png', 'outputs.gif', 'outputs-pptx.png'].map((f) => `docs/img/${f}`).join(', ')}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
