/**
 * wrapText breaks lines at spaces, hyphens and slashes, and splits a word only
 * when that word alone is longer than the line.
 */
import { describe, expect, it } from 'vitest';
import { textWidth, wrapText } from '../../src/layout/measure.ts';

const style = { size: 12, weight: 'regular' } as const;
const width = (s: string) => Math.ceil(textWidth(s, style));

describe('wrapText', () => {
  const cases: { name: string; text: string; max: string; lines: string[] }[] = [
    { name: 'breaks at a space, not inside the next word', text: 'watch pods, PATCH pods/status', max: 'watch pods, PAT', lines: ['watch pods,', 'PATCH pods/', 'status'] },
    { name: 'keeps a short first word rather than splitting the long one after it', text: 'run containerd-shim-runc-v2', max: 'run containerd-shi', lines: ['run containerd-', 'shim-runc-v2'] },
    { name: 'breaks after a hyphen', text: 'web-canary-65479b8bd8-99bzf', max: 'web-canary-65479b8bd8-9', lines: ['web-canary-65479b8bd8-', '99bzf'] },
    { name: 'breaks after a slash', text: 'registry.k8s.io/pause:3.9', max: 'registry.k8s.io/pa', lines: ['registry.k8s.io/', 'pause:3.9'] },
    { name: 'never breaks at a dot or colon', text: 'from registry.k8s.io:443', max: 'from registry.k8s.io:4', lines: ['from', 'registry.k8s.io:443'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(wrapText(c.text, style, width(c.max), 3).lines).toEqual(c.lines);
    });
  }

  it('splits a word only when it is longer than the line by itself', () => {
    const m = wrapText('abcdefghijklmnopqrstuvwxyz', style, width('abcdefghij'), 4);
    expect(m.lines.length).toBeGreaterThan(1);
    expect(m.lines.join('')).toBe('abcdefghijklmnopqrstuvwxyz');
    for (const l of m.lines) expect(textWidth(l, style)).toBeLessThanOrEqual(width('abcdefghij'));
  });

  it('no line of wrapped words ends inside a word', () => {
    const text = 'create sandbox, start container, pull image from registry';
    const m = wrapText(text, style, width('create sandbox, st'), 5);
    const words = new Set(text.split(' '));
    for (const l of m.lines) for (const w of l.split(' ')) expect(words.has(w), `${w} in ${JSON.stringify(m.lines)}`).toBe(true);
  });
});
