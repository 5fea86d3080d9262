/**
 * The call site of the kubectl printers (./printers/, pure functions).
 */
import type { Obj } from '../core/object.ts';
import type { Session } from './session.ts';
import { printDescribe, printGet, type KubeEventLike, type KubeObjectLike } from './printers/index.ts';
import { chooseOutput, printCustomColumns, printJsonPath } from './printers/output.ts';

/**
 * A stored object as the printers read it (./printers/ take plain JSON and
 * read spec/status defensively as records): the same object, seen through the
 * printers' structural type, which the kinds' typed spec/status do not match.
 */
export function printable(o: Obj): KubeObjectLike {
  return o as unknown as KubeObjectLike;
}

export interface Related {
  events: Obj[];
  pods?: Obj[];
  replicaSets?: Obj[];
  /** describe service: the Service's Endpoints. */
  endpoints?: Obj;
}

/** What `kubectl get` prints: text (`raw`: printed as is, no newline added) or kubectl's error (without `error: `). */
export type GetOutput = { ok: true; text: string; raw?: boolean } | { ok: false; error: string };

export function printGetOutput(objects: Obj[], resource: string, output: string | undefined, allNamespaces: boolean, now: number, singular = false, noHeaders = false): GetOutput {
  const choice = chooseOutput(output);
  const objs = objects.map(printable);
  switch (choice.kind) {
    case 'error':
      return { ok: false, error: choice.message };
    case 'jsonpath': {
      const r = printJsonPath(choice.printer, objs, singular);
      return r.ok ? { ok: true, text: r.text, raw: true } : r;
    }
    case 'custom-columns':
      return printCustomColumns(choice.columns, objs, noHeaders);
    case 'builtin':
      return { ok: true, text: printGet(objs, resource, { ...(choice.output ? { output: choice.output } : {}), allNamespaces, now, ...(singular ? { singular } : {}) }) };
  }
}

export function printDescribeOutput(obj: Obj, related: Related, now: number): string {
  return printDescribe(
    printable(obj),
    {
      events: related.events as unknown as KubeEventLike[],
      ...(related.pods ? { pods: related.pods.map(printable) } : {}),
      ...(related.replicaSets ? { replicaSets: related.replicaSets.map(printable) } : {}),
      ...(related.endpoints ? { endpoints: printable(related.endpoints) } : {}),
    },
    now,
  );
}

/** Prints a `get` result, or kubectl's printer error; false when it failed. */
export function emit(s: Session, out: GetOutput): boolean {
  if (!out.ok) {
    s.error(`error: ${out.error}`);
    return false;
  }
  if (out.raw) s.printRaw(out.text);
  else if (out.text !== '') s.print(out.text.replace(/\n$/, ''));
  return true;
}
