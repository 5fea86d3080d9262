import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import UPNG from 'upng-js';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrace } from '../../src/trace/io.ts';
import type { Trace } from '../../src/trace/types.ts';
import { focusSteps, frameName, stepArchitecture, viewFrames } from '../../src/render/frames.ts';
import { animatedSvg } from '../../src/render/animate.ts';
import { animatedGif, animatedPng, animationScale, rasterFrames } from '../../src/render/gif.ts';
import { svgSize } from '../../src/render/png.ts';
import { runMain } from '../helpers/bin.ts';

const TRACE = resolve('test/fixtures/traces/apply-deployment.trace.json');
const BIN = resolve('bin/kubescene.js');
const run = promisify(execFile);
/**
 * The same CLI in this process (test/helpers/bin.ts): one real-binary run per
 * kind of output is kept (`--step N`, `--frames`, `--format gif`); the other
 * runs check what the command writes or refuses, without a process start and a
 * fresh load of the layout and rasteriser each.
 */
const renderIn = async (args: string[]): Promise<number> => {
  const r = await runMain(['render', TRACE, ...args]);
  if (r.code !== 0 && r.code !== 2) throw new Error(`render ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.code;
};

function loadTrace(): Trace {
  const read = readTrace(readFileSync(TRACE, 'utf8'), 'apply-deployment.trace.json');
  if (!read.ok) throw new Error('fixture trace unreadable');
  return read.value;
}

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kubescene-frames-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Bytes of one GIF: how many frames (graphic control extensions), their delays (1/100 s) and whether it loops. */
function gifInfo(gif: Uint8Array): { frames: number; delays: number[]; loops: boolean } {
  const delays: number[] = [];
  for (let i = 0; i + 5 < gif.length; i++) {
    if (gif[i] === 0x21 && gif[i + 1] === 0xf9 && gif[i + 2] === 0x04) delays.push(gif[i + 4]! | (gif[i + 5]! << 8));
  }
  return { frames: delays.length, delays, loops: Buffer.from(gif).includes('NETSCAPE2.0') };
}

describe('step frames', () => {
  const trace = loadTrace();

  it('names frames <view>.step-NN.<ext> and finds the focus steps', () => {
    expect(frameName('sequence', 3)).toBe('sequence.step-03.svg');
    expect(frameName('architecture', 12, 'png')).toBe('architecture.step-12.png');
    expect(focusSteps(trace)).toEqual(trace.steps.filter((s) => !s.setup).map((s) => s.number));
  });

  it('an architecture frame is the step\'s own picture, the same as render --step N', async () => {
    const frames = await viewFrames(trace, 'architecture');
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) {
      // Only that step's interactions, all lit, and every step counted in the caption.
      expect(f.view.kind === 'architecture' && f.view.edges.every((e) => e.steps.includes(f.step))).toBe(true);
      expect(f.view).toEqual(stepArchitecture(trace, f.step));
      expect(f.svg).toContain(`Step ${f.step} of ${trace.steps.length}`);
    }
  });

  it('a sequence frame is the step\'s own sequence, the same picture as render --step N', async () => {
    const frames = await viewFrames(trace, 'sequence');
    expect(frames.map((f) => f.step)).toEqual(trace.steps.map((s) => s.number));
    for (const f of frames) {
      expect(f.view.kind).toBe('sequence');
      if (f.view.kind === 'sequence') expect(new Set(f.view.items.filter((i) => i.type === 'message').map((i) => i.step))).toEqual(new Set([f.step]));
    }
    const dir = tempDir();
    await run(process.execPath, [BIN, 'render', TRACE, '--view', 'sequence', '--step', '2', '-o', dir]);
    expect(readFileSync(join(dir, 'sequence.step-02.svg'), 'utf8')).toBe(frames.find((f) => f.step === 2)!.svg);
  });

  it('a flowchart has frames only for the steps it draws', async () => {
    const frames = await viewFrames(trace, 'flowchart');
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) expect(f.view.kind === 'flowchart' && [...f.view.nodes, ...f.view.edges].some((x) => x.steps.includes(f.step))).toBe(true);
  });

  it('render --frames (real binary) and --step all write every frame of every view', async () => {
    const a = tempDir();
    const b = tempDir();
    await run(process.execPath, [BIN, 'render', TRACE, '--frames', '-o', a]);
    expect(await renderIn(['--step', 'all', '-o', b])).toBe(0);
    const names = readdirSync(a).sort();
    expect(names).toContain('sequence.step-01.svg');
    expect(names).toContain('sequence.step-02.svg');
    expect(names.every((n) => /^(architecture|sequence|flowchart)\.step-\d\d\.svg$/.test(n))).toBe(true);
    expect(readdirSync(b).sort()).toEqual(names);
    for (const n of names) expect(readFileSync(join(b, n), 'utf8')).toBe(readFileSync(join(a, n), 'utf8'));
  });

  it('refuses frames with --step N, text formats or stdout (exit 2)', async () => {
    for (const args of [['--frames', '--step', '2'], ['--frames', '--format', 'mmd'], ['--frames', '--view', 'sequence', '-o', '-'], ['--format', 'gif', '--step', '1'], ['--delay', '5']]) {
      expect(await renderIn([...args, ...(args.includes('-o') ? [] : ['-o', tempDir()])]), args.join(' ')).toBe(2);
    }
  });
});

describe('animated SVG', () => {
  const trace = loadTrace();

  it('steps through the frames with CSS keyframes, deterministically, and shows the last frame without motion', async () => {
    const frames = await viewFrames(trace, 'sequence');
    const a = animatedSvg(frames, { background: '#ffffff', title: 'T <&>', delayMs: 1500 });
    expect(animatedSvg(frames, { background: '#ffffff', title: 'T <&>', delayMs: 1500 })).toBe(a);
    expect(a).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+"/);
    expect(a).toContain('<title id="ka');
    expect(a).toContain('T &lt;&amp;&gt;');
    expect(a).toContain(`animation-duration:${(frames.length * 1.5).toString()}s`);
    expect(a.match(/@keyframes/g)?.length).toBe(frames.length);
    expect(a).toMatch(/@media \(prefers-reduced-motion:reduce\)\{\.ka[0-9a-f]{8}-f\{animation:none\}\}/);
    // The last frame is the one visible by default (no animation, reduced motion).
    const p = /class="(ka[0-9a-f]{8})-f /.exec(a)![1]!;
    expect(a).toContain(`.${p}-f{opacity:0;`);
    expect(a).toContain(`.${p}-f${frames.length - 1}{opacity:1}`);
    const size = svgSize(a)!;
    expect(size.width).toBe(Math.max(...frames.map((f) => svgSize(f.svg)!.width)));
    expect(size.height).toBe(Math.max(...frames.map((f) => svgSize(f.svg)!.height)));
  });
});

describe('animated GIF and APNG', () => {
  const trace = loadTrace();

  it('keeps frames at 1× within the pixel budget and scales larger ones down, never below ½', () => {
    expect(animationScale({ width: 1600, height: 900 })).toBe(1);
    expect(animationScale({ width: 4000, height: 2000 })).toBe(0.5);
    const s = animationScale({ width: 2000, height: 1500 });
    expect(s).toBeLessThan(1);
    expect(2000 * s * 1500 * s).toBeLessThanOrEqual(2_000_000);
  });

  it('rasterises frames of different sizes onto one canvas', async () => {
    const frames = await viewFrames(trace, 'sequence', { detail: 'summary' });
    const r = rasterFrames(frames, { background: '#ffffff', scale: 0.5 });
    expect(r.frames.length).toBe(frames.length);
    for (const f of r.frames) expect(f.length).toBe(r.width * r.height * 4);
  });

  it('writes a looping GIF with one frame per step and the delay asked for, byte-identical across runs', async () => {
    const frames = await viewFrames(trace, 'flowchart');
    const all = [...frames, ...frames];
    const gif = animatedGif(all, { background: '#ffffff', delayMs: 1200, scale: 0.5 });
    expect(Buffer.from(gif.subarray(0, 6)).toString()).toBe('GIF89a');
    expect(gifInfo(gif)).toEqual({ frames: all.length, delays: all.map(() => 120), loops: true });
    expect(Buffer.from(animatedGif(all, { background: '#ffffff', delayMs: 1200, scale: 0.5 })).equals(Buffer.from(gif))).toBe(true);
  });

  it('writes an APNG with one frame per step and the delay asked for', async () => {
    const frames = await viewFrames(trace, 'sequence', { detail: 'summary' });
    const png = animatedPng(frames, { background: '#ffffff', delayMs: 700, scale: 0.5 });
    const img = UPNG.decode(png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer);
    expect(img.tabs.acTL?.num_frames).toBe(frames.length);
    expect(img.tabs.acTL?.num_plays).toBe(0);
    expect(img.frames.map((f) => f.delay)).toEqual(frames.map(() => 700));
    expect(Buffer.from(animatedPng(frames, { background: '#ffffff', delayMs: 700, scale: 0.5 })).equals(Buffer.from(png))).toBe(true);
  });

  it('render --format gif (real binary)/apng/animated-svg write <view>.gif, <view>.apng, <view>.animated.svg', async () => {
    const dir = tempDir();
    for (const format of ['gif', 'apng', 'animated-svg']) {
      const args = ['--view', 'flowchart', '--format', format, '--delay', '900', ...(format === 'animated-svg' ? [] : ['--scale', '0.5']), '-o', dir];
      if (format === 'gif') await run(process.execPath, [BIN, 'render', TRACE, ...args]);
      else expect(await renderIn(args)).toBe(0);
    }
    expect(readdirSync(dir).sort()).toEqual(['flowchart.animated.svg', 'flowchart.apng', 'flowchart.gif']);
    expect(gifInfo(readFileSync(join(dir, 'flowchart.gif'))).delays.every((d) => d === 90)).toBe(true);
  });
});
