/**
 * The call site of the kubectl printers (./printers/, pure functions).
 */
import type { Obj } from '../core/object.ts';
import type { Session } from './session.ts';
import { printDescribe, printGet, type KubeObjectLike } from './printers/index.ts';
import type { PrintGetOptions } from './printers/types.ts';
import { eventLike } from './printers/format.ts';
import { chooseOutput, printCustomColumns, printJsonPath } from './printers/output.ts';

/**
 * A stored object as the printers read it (./printers/ take plain JSON and
 * read spec/status defensively as records): the same object, once its spec
 * and status are seen to be records (the schema and the API server's
 * validation let no other through).
 */
export function printable(o: Obj): KubeObjectLike {
  if (isPrintable(o)) return o;
  throw new Error(`${o.kind} ${o.metadata.name}: spec and status must be objects`);
}

function isPrintable(o: Obj): o is Obj & KubeObjectLike {
  return isRecordOrAbsent(o.spec) && isRecordOrAbsent(o.status);
}

function isRecordOrAbsent(v: unknown): boolean {
  return v === undefined || (v !== null && typeof v === 'object' && !Array.isArray(v));
}

export interface Related {
  events: Obj[];
  pods?: Obj[];
  replicaSets?: Obj[];
  /** A custom resource (the generic describer). */
  custom?: boolean;
  /** describe ingress: the namespace's Services and EndpointSlices; describe service: its EndpointSlices. */
  services?: Obj[];
  endpointSlices?: Obj[];
  /** describe serviceaccount: the namespace's Secrets. */
  secrets?: Obj[];
  /** describe namespace: its ResourceQuotas and LimitRanges. */
  resourceQuotas?: Obj[];
  limitRanges?: Obj[];
}

/** What `kubectl get` prints: text (`raw`: printed as is, no newline added) or kubectl's error (without `error: `). */
export type GetOutput = { ok: true; text: string; raw?: boolean } | { ok: false; error: string };

export function printGetOutput(
  objects: Obj[],
  resource: string,
  output: string | undefined,
  allNamespaces: boolean,
  now: number,
  singular = false,
  noHeaders = false,
  columns?: PrintGetOptions['columns'],
): GetOutput {
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
      return { ok: true, text: printGet(objs, resource, { ...(choice.output ? { output: choice.output } : {}), allNamespaces, now, ...(singular ? { singular } : {}), ...(columns ? { columns } : {}) }) };
  }
}

export function printDescribeOutput(obj: Obj, related: Related, now: number): string {
  return printDescribe(
    printable(obj),
    {
      events: related.events.map((e) => eventLike(printable(e))),
      ...(related.pods ? { pods: related.pods.map(printable) } : {}),
      ...(related.replicaSets ? { replicaSets: related.replicaSets.map(printable) } : {}),
      ...(related.custom ? { custom: true } : {}),
      ...(related.services ? { services: related.services.map(printable) } : {}),
      ...(related.endpointSlices ? { endpointSlices: related.endpointSlices.map(printable) } : {}),
      ...(related.secrets ? { secrets: related.secrets.map(printable) } : {}),
      ...(related.resourceQuotas ? { resourceQuotas: related.resourceQuotas.map(printable) } : {}),
      ...(related.limitRanges ? { limitRanges: related.limitRanges.map(printable) } : {}),
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
