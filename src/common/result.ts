import type { Diagnostic } from './diagnostic.ts';

/** A stage result: a value plus warnings, or every problem found. */
export type Result<T> =
  | { ok: true; value: T; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

export function ok<T>(value: T, warnings: Diagnostic[] = []): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T>(diagnostics: Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}
