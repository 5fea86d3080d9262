/**
 * `kubectl get a,b` and `kubectl get all`: one list request per resource type,
 * printed as kubectl does (one table per type, names prefixed with the kind).
 */
import { matchesSelector, parseSelector } from '../../scenario/selector.ts';
import { series } from '../core/async.ts';
import { EPOCH_MS, type Obj } from '../core/object.ts';
import type { ResourceInfo } from '../core/resources.ts';
import { flag, hasFlag } from './args.ts';
import { printGetMany } from './printers/index.ts';
import { resolveType, serverError } from './resolve.ts';
import type { Session } from './session.ts';
import { chooseOutput } from './printers/output.ts';
import { emit, printable, printGetOutput } from './print.ts';

/** What `kubectl get all` expands to (the `all` category), in kubectl's order. */
const ALL = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'jobs', 'cronjobs', 'replicationcontrollers'];

export function isMultiGet(typeArg: string, names: string[]): boolean {
  return names.length === 0 && !typeArg.includes('/') && (typeArg === 'all' || typeArg.includes(','));
}

export function runGetMany(s: Session, typeArg: string): void {
  const names = typeArg === 'all' ? ALL : typeArg.split(',').filter((x) => x !== '');
  const types: ResourceInfo[] = [];
  for (const n of names) {
    const r = resolveType(n, s.w.api.customResources());
    if (!r) {
      s.error(`error: the server doesn't have a resource type "${n}"`);
      return s.finish(1);
    }
    types.push(r);
  }
  const all = hasFlag(s.args, 'all-namespaces');
  const ns = flag(s.args, 'namespace') ?? 'default';
  const selText = flag(s.args, 'selector');
  const sel = selText !== undefined ? parseSelector(selText) : undefined;
  if (sel && !sel.ok) {
    s.error(`error: ${sel.error}`);
    return s.finish(1);
  }
  const sections: { resource: string; objects: Obj[] }[] = [];
  let failed = false;
  series(
    types.map((r) => (next: () => void) =>
      s.call({ verb: 'list', resource: r, namespace: r.namespaced && !all ? ns : undefined, ...(sel?.ok ? { match: (o: Obj) => matchesSelector(sel.value, o.metadata.labels) } : {}) }, (res) => {
        if (res.status !== 200) {
          s.error(serverError(res));
          failed = true;
        } else sections.push({ resource: r.resource, objects: res.items ?? [] });
        next();
      }),
    ),
    () => {
      const output = flag(s.args, 'output');
      const choice = chooseOutput(output);
      if (choice.kind === 'error') {
        s.error(`error: ${choice.message}`);
        return s.finish(1);
      }
      if (choice.kind !== 'builtin') {
        // jsonpath and custom-columns see every section's objects as one List.
        const objects = sections.flatMap((x) => x.objects);
        const ok = emit(s, printGetOutput(objects, sections[0]?.resource ?? '', output, all, EPOCH_MS + s.w.clock.now(), false, hasFlag(s.args, 'no-headers')));
        return s.finish(failed || !ok ? 1 : 0);
      }
      const fmt = choice.output;
      if (sections.every((x) => x.objects.length === 0) && !failed) {
        s.error(all ? 'No resources found' : `No resources found in ${ns} namespace.`);
        return s.finish(0);
      }
      const text = printGetMany(
        sections.map((x) => ({ resource: x.resource, objects: x.objects.map(printable) })),
        { ...(fmt ? { output: fmt } : {}), allNamespaces: all, now: EPOCH_MS + s.w.clock.now() },
      );
      if (text !== '') s.print(text.replace(/\n$/, ''));
      s.finish(failed ? 1 : 0);
    },
  );
}
