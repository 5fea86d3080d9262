/**
 * No `any` in src/cluster: objects are typed with the official API types
 * (src/cluster/core/typed.ts). The TypeScript compiler parses every file and
 * the test fails on each `any` type it finds (the `any` keyword in a type
 * position, wherever it is: annotations, `as any`, generics, `any[]`), with
 * file:line. ESLint's `no-explicit-any` would say the same, but the project
 * has no ESLint; the compiler's own parser is the well-kept tool here.
 *
 * `ALLOWED` is the ratchet of what is not converted yet: a file's count may
 * only go down (the test fails when a count grows or a new file has one, and
 * when a count goes down without `ALLOWED` following, so the list stays true).
 * It is empty: src/cluster has no `any` left (Obj's spec/status default to `unknown`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLUSTER = join(ROOT, 'src', 'cluster');

const ALLOWED: Record<string, number> = {};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
    .sort();
}

function anyTypes(path: string): number[] {
  const src = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.AnyKeyword) lines.push(src.getLineAndCharacterOfPosition(n.getStart(src)).line + 1);
    ts.forEachChild(n, visit);
  };
  visit(src);
  return lines;
}

describe('no any in src/cluster', () => {
  const found = new Map<string, number[]>();
  for (const f of files(CLUSTER)) {
    const lines = anyTypes(f);
    if (lines.length > 0) found.set(relative(ROOT, f).split('\\').join('/'), lines);
  }

  it('finds the any types it is meant to find (the check itself)', () => {
    const probe = ts.createSourceFile('x.ts', 'let a: any; const b = c as any; function f(x: Array<any>): any[] { return x; }', ts.ScriptTarget.Latest, true);
    let n = 0;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.AnyKeyword) n++;
      ts.forEachChild(node, visit);
    };
    visit(probe);
    expect(n).toBe(4);
  });

  it('has no any outside the files still being converted, and no more there than before', () => {
    const over = [...found].filter(([f, lines]) => lines.length > (ALLOWED[f] ?? 0)).map(([f, lines]) => `${f}: ${lines.length} any (allowed ${ALLOWED[f] ?? 0}) at lines ${lines.join(', ')}`);
    expect(over).toEqual([]);
  });

  it('ALLOWED follows the conversion (a file with fewer any is lowered in the list)', () => {
    const stale = Object.entries(ALLOWED).filter(([f, n]) => (found.get(f)?.length ?? 0) !== n).map(([f, n]) => `${f}: allowed ${n}, found ${found.get(f)?.length ?? 0}`);
    expect(stale).toEqual([]);
  });
});

/**
 * No double casts through `unknown` (`x as unknown as T`, which turns off the
 * type check between two unrelated types) in src/cluster, with the same
 * ratchet. The one left is the trust boundary where a manifest the loader
 * checked against the schema becomes a stored object (its metadata.name may be
 * absent, for a review or a generateName object, and must stay absent).
 */
const DOUBLE_CAST_ALLOWED: Record<string, number> = { 'src/cluster/core/object.ts': 1 };

function doubleCasts(path: string): number[] {
  const src = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isAsExpression(n)) {
      let inner: ts.Expression = n.expression;
      while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
      if (ts.isAsExpression(inner) && inner.type.kind === ts.SyntaxKind.UnknownKeyword) lines.push(src.getLineAndCharacterOfPosition(n.getStart(src)).line + 1);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return lines;
}

describe('no `as unknown as` in src/cluster', () => {
  it('finds the double casts it is meant to find (the check itself)', () => {
    const path = join(ROOT, 'test', 'architecture', 'no-any.test.ts');
    expect(doubleCasts(path).length).toBe(0);
    const probe = ts.createSourceFile('x.ts', 'const a = b as unknown as C; const d = (e as unknown) as F; const g = h as unknown;', ts.ScriptTarget.Latest, true);
    let n = 0;
    const visit = (node: ts.Node): void => {
      if (ts.isAsExpression(node)) {
        let inner: ts.Expression = node.expression;
        while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
        if (ts.isAsExpression(inner) && inner.type.kind === ts.SyntaxKind.UnknownKeyword) n++;
      }
      ts.forEachChild(node, visit);
    };
    visit(probe);
    expect(n).toBe(2);
  });

  it('has no more than the ratchet allows, and the ratchet follows the code', () => {
    const found = new Map<string, number[]>();
    for (const f of files(CLUSTER)) {
      const lines = doubleCasts(f);
      if (lines.length > 0) found.set(relative(ROOT, f).split('\\').join('/'), lines);
    }
    const over = [...found].filter(([f, lines]) => lines.length > (DOUBLE_CAST_ALLOWED[f] ?? 0)).map(([f, lines]) => `${f}: ${lines.length} at lines ${lines.join(', ')}`);
    expect(over).toEqual([]);
    const stale = Object.entries(DOUBLE_CAST_ALLOWED).filter(([f, n]) => (found.get(f)?.length ?? 0) !== n).map(([f, n]) => `${f}: allowed ${n}, found ${found.get(f)?.length ?? 0}`);
    expect(stale).toEqual([]);
  });
});
