/**
 * PPTX: the zip's parts, deterministic bytes, and a real reader — LibreOffice
 * headless converts the deck to PDF (.ci/run installs libreoffice-impress).
 * Without `soffice` that test FAILS; set KUBESCENE_NO_OFFICE=1 to skip it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../src/trace/io.ts';
import { focusSteps } from '../../src/render/frames.ts';
import { markdownPlain, shorten, slidesPptx } from '../../src/render/pptx.ts';

const TRACE = resolve('test/fixtures/traces/apply-deployment.trace.json');
const dir = mkdtempSync(join(tmpdir(), 'kubescene-pptx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loadTrace() {
  const read = readTrace(readFileSync(TRACE, 'utf8'), 'apply-deployment.trace.json');
  if (!read.ok) throw new Error('fixture trace unreadable');
  return read.value;
}

describe('PPTX', () => {
  it('captions are plain text, shortened at a word', () => {
    expect(markdownPlain('1. kubectl sends `GET /x`.\n2. The **API server** answers.')).toBe('kubectl sends GET /x. The API server answers.');
    expect(shorten('one two three four', 12)).toBe('one two…');
  });

  it('has a title slide and one slide per focus step, each with its picture and caption; same bytes every time', async () => {
    const trace = loadTrace();
    const deck = await slidesPptx(trace);
    expect(Buffer.from(await slidesPptx(trace)).equals(Buffer.from(deck))).toBe(true);
    const zip = await JSZip.loadAsync(deck);
    const names = Object.keys(zip.files);
    expect(names).toContain('[Content_Types].xml');
    expect(names).toContain('ppt/presentation.xml');
    const slides = names.filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
    const focus = focusSteps(trace);
    expect(slides.length).toBe(1 + focus.length);
    expect(names.filter((n) => /^ppt\/media\/.*\.png$/.test(n)).length).toBe(focus.length);
    const second = await zip.file('ppt/slides/slide2.xml')!.async('string');
    expect(second).toContain(`Step ${focus[0]}`);
    expect(second).toContain('<p:pic>');
    expect(await zip.file('docProps/core.xml')!.async('string')).toContain('1980-01-01T00:00:00Z');
    for (const f of Object.values(zip.files)) expect(f.date.getTime()).toBe(Date.UTC(1980, 0, 1));
    writeFileSync(join(dir, 'deck.pptx'), deck);
  });

  it.skipIf(process.env.KUBESCENE_NO_OFFICE === '1')('opens in LibreOffice (converted to PDF)', () => {
    const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
    if (!soffice) throw new Error('no LibreOffice (soffice): apt-get install -y --no-install-recommends libreoffice-impress (.ci/run does), or set KUBESCENE_NO_OFFICE=1 to skip');
    const deck = join(dir, 'office.pptx');
    writeFileSync(deck, readFileSync(join(dir, 'deck.pptx')));
    execFileSync(soffice, ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', dir, deck], { stdio: 'pipe' });
    const pdf = readFileSync(join(dir, 'office.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
  });
});
