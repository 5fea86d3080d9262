import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  IdAllocator,
  d2String,
  labelLines,
  mermaidText,
  mermaidYamlString,
  plantUmlText,
  sanitizeId,
  type MermaidTextContext,
} from '../../src/render/escape.ts';
import { HOSTILE } from './hand-views.ts';

const CONTEXTS: MermaidTextContext[] = ['label', 'alias', 'box'];
const expected = (s: string) => labelLines(s).join('\n');

function decodeMermaid(s: string): string {
  return s.replace(/<br>/g, '\n').replace(/#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)));
}

function decodePlantUml(s: string): string {
  return s.replace(/\\n/g, '\n').replace(/<U\+([0-9A-F]+)>/g, (_m, n: string) => String.fromCodePoint(parseInt(n, 16)));
}

describe('mermaidText', () => {
  for (const h of HOSTILE) {
    for (const ctx of CONTEXTS) {
      it(`${ctx}: ${JSON.stringify(h)} is inert and round-trips`, () => {
        const out = mermaidText(h, ctx);
        const bare = out.replace(/<br>/g, '').replace(/#\d+;/g, '');
        // Nothing left that Mermaid's lexers or the HTML label could act on.
        expect(bare).not.toMatch(/[%"#;{}[\]|<>`&\n\r@$\\*]/);
        expect(bare).not.toMatch(/[\uFB02\u00B0\u00B6\u00DF]/);
        if (ctx === 'alias') expect(bare).not.toMatch(/[,:]/);
        if (ctx === 'box') expect(bare).not.toMatch(/[()]/);
        expect(bare).not.toMatch(/:\S/);
        expect(decodeMermaid(out)).toBe(expected(h));
      });
    }
  }
  it('keeps ordinary Kubernetes text readable', () => {
    expect(mermaidText('deployment controller: no ReplicaSet for web, create one')).toBe(
      'deployment controller: no ReplicaSet for web, create one',
    );
    expect(mermaidText('store /registry/pods/default/web-7c5ddbdf54-x2kqp')).toBe('store /registry/pods/default/web-7c5ddbdf54-x2kqp');
    expect(mermaidText('nginx:1.27')).toBe('nginx#58;1.27');
    expect(mermaidText('wrap: text')).toBe('wrap#58; text');
    expect(mermaidText('×3 (worker)', 'box')).toBe('#215;3 #40;worker#41;');
    expect(mermaidText('')).toBe('#160;');
  });
  it('encodes astral characters as one reference', () => {
    expect(mermaidText('🚀')).toBe('#128640;');
  });
});

describe('mermaidYamlString', () => {
  for (const h of HOSTILE) {
    it(`${JSON.stringify(h)} is a YAML string with nothing Mermaid could read`, () => {
      const out = mermaidYamlString(h);
      expect(out).toMatch(/^"[A-Za-z0-9 ._/?!'+=:,()\\-]*"$/);
      expect(parseYaml(`title: ${out}`)).toEqual({ title: labelLines(h).join(' ') });
    });
  }
});

describe('d2String', () => {
  for (const h of HOSTILE) {
    it(`${JSON.stringify(h)} stays one quoted string without substitutions`, () => {
      const out = d2String(h);
      expect(out.startsWith('"') && out.endsWith('"')).toBe(true);
      const inner = out.slice(1, -1);
      expect(inner.replace(/\\./g, '')).not.toMatch(/["\\$\n]/);
      expect(inner.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c))).toBe(expected(h));
    });
  }
});

describe('plantUmlText', () => {
  for (const h of HOSTILE) {
    it(`${JSON.stringify(h)} is inert and round-trips`, () => {
      const out = plantUmlText(h);
      const bare = out.replace(/<U\+[0-9A-F]+>/g, '').replace(/\\n/g, '');
      expect(bare).not.toMatch(/[@"<>\\{}\n&#$'`;[\]|%!]/);
      expect(bare).not.toMatch(/(\*\*|--|__|\/\/|~~|==|\^\^|\.\.)/);
      expect(decodePlantUml(out)).toBe(expected(h));
    });
  }
  it('keeps ordinary text readable', () => {
    expect(plantUmlText('kube-proxy (worker-1)')).toBe('kube-proxy (worker-1)');
    expect(plantUmlText('kubectl apply: ready?')).toBe('kubectl apply: ready?');
    expect(plantUmlText('a\nb')).toBe('a\\nb');
  });
});

describe('ids', () => {
  it('are prefixed, sanitised and unique in order of request', () => {
    const ids = new IdAllocator();
    expect(ids.get('n', 'end')).toBe('n_end');
    expect(ids.get('n', 'pod/web-1')).toBe('n_pod_web_1');
    expect(ids.get('n', 'pod:web.1')).toBe('n_pod_web_1_2');
    expect(ids.get('n', 'pod/web-1')).toBe('n_pod_web_1');
    expect(ids.get('g', 'end')).toBe('g_end');
    expect(sanitizeId('%%{init}%%')).toBe('init');
    expect(sanitizeId('---')).toBe('x');
  });
});
