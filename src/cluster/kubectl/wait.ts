/**
 * `kubectl wait` as kubectl does it (pkg/cmd/wait): `--for=condition=NAME[=VALUE]`,
 * `--for=delete`, `--for=create`, `--for=jsonpath='{.path}'[=VALUE]`, on
 * `TYPE/NAME…`, `TYPE NAME…`, `TYPE -l SELECTOR` or `TYPE --all`, with
 * `--timeout` (default 30s; 0 checks once). The objects are fetched (GET or
 * LIST), then each is waited for in turn through a WATCH on the API server;
 * every object that meets the condition prints `<kind>.<group>/<name>
 * condition met`. Errors and exit codes are kubectl's: `error: timed out
 * waiting for the condition on deployments/web`, `error: no matching
 * resources found`, a server error for a missing named object; exit 1.
 */
import { tryParseDuration } from '../../scenario/duration.ts';
import { matchesSelector, parseSelector } from '../../scenario/selector.ts';
import type { Obj } from '../core/object.ts';
import { apiPath, apiVersionOf, type ResourceInfo } from '../core/resources.ts';
import { waitWhilePassingTime } from '../components/timers.ts';
import { flag, hasFlag } from './args.ts';
import { kindName, resolveType, serverError } from './resolve.ts';
import { readFiles } from './manifests.ts';
import { KUBECTL_ID, type Session } from './session.ts';

const POLL_MS = 500;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Below the 10-minute settle horizon of a step, so nothing of this command leaks into the next step. */
const MAX_WAIT_MS = 9 * 60_000;

type Condition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; name: string; value: string }
  | { kind: 'jsonpath'; path: string; value?: string };

/** kubectl's conditionFuncFor: the `--for` value, or undefined when unrecognised. */
export function parseFor(spec: string): Condition | undefined {
  if (spec.toLowerCase() === 'delete') return { kind: 'delete' };
  if (spec.toLowerCase() === 'create') return { kind: 'create' };
  if (spec.startsWith('condition=')) {
    const rest = spec.slice('condition='.length);
    const eq = rest.indexOf('=');
    const name = eq < 0 ? rest : rest.slice(0, eq);
    if (!name) return undefined;
    return { kind: 'condition', name, value: eq < 0 ? 'true' : rest.slice(eq + 1) };
  }
  if (spec.startsWith('jsonpath=')) {
    const rest = spec.slice('jsonpath='.length);
    const m = /^\{([^}]*)\}(?:=(.*))?$/s.exec(rest);
    if (!m || !m[1]!.trim()) return undefined;
    return { kind: 'jsonpath', path: m[1]!.trim(), ...(m[2] !== undefined ? { value: m[2] } : {}) };
  }
  return undefined;
}

/** Whether `o` (undefined: it does not exist) meets the condition. */
export function conditionMet(o: Obj | undefined, c: Condition): boolean {
  switch (c.kind) {
    case 'delete':
      return o === undefined;
    case 'create':
      return o !== undefined;
    case 'condition': {
      if (!o) return false;
      const generation = o.metadata.generation ?? 0;
      // Compared after simple case folding, like kubectl (strings.EqualFold); a condition older than the spec does not count.
      return ((o.status as { conditions?: { type: string; status: string; observedGeneration?: number }[] } | undefined)?.conditions ?? []).some(
        (x) => String(x.type).toLowerCase() === c.name.toLowerCase() && String(x.status).toLowerCase() === c.value.toLowerCase() && !(x.observedGeneration !== undefined && generation > x.observedGeneration),
      );
    }
    case 'jsonpath': {
      if (!o) return false;
      const v = jsonPathValue(o, c.path);
      if (v === undefined) return false;
      if (c.value === undefined) return true;
      return (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)) === c.value;
    }
  }
}

/** The subset of kubectl's JSONPath a wait uses: `.a.b`, `[0]`, `['key']`, `[?(@.type=="Ready")]` (first match). */
export function jsonPathValue(o: unknown, path: string): unknown {
  const re = /\.([^.[\]]+)|\[(\d+)\]|\[['"]([^'"]+)['"]\]|\[\?\(@\.([\w.-]+)\s*==\s*['"]([^'"]*)['"]\)\]/g;
  let cur: unknown = o;
  let at = 0;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m.index !== at) return undefined;
    at = re.lastIndex;
    if (cur === null || typeof cur !== 'object') return undefined;
    if (m[4] !== undefined) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur.find((x: unknown) => x !== null && typeof x === 'object' && String((x as Record<string, unknown>)[m[4]!]) === m[5]);
    } else {
      const key = m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!);
      cur = (cur as Record<string | number, unknown>)[key];
    }
  }
  return at === path.length ? cur : undefined;
}

/** `--timeout`: a Go duration; 0 checks once, negative waits "a week" (capped below the step's horizon). */
function timeoutOf(s: Session): number | string {
  const t = flag(s.args, 'timeout');
  if (t === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = tryParseDuration(t);
  if (ms === undefined) return `invalid argument "${t}" for "--timeout" flag: time: invalid duration "${t}"`;
  return ms < 0 ? MAX_WAIT_MS : Math.min(ms, MAX_WAIT_MS);
}

interface Target {
  r: ResourceInfo;
  name?: string;
  /** From a `-f` file's object; otherwise `-n` / default. */
  namespace?: string;
}

export function runWait(s: Session): void {
  const spec = flag(s.args, 'for') ?? '';
  const cond = parseFor(spec);
  const fail = (line: string): void => {
    s.error(line);
    s.finish(1);
  };
  if (!cond) return fail(`error: unrecognized condition: ${JSON.stringify(spec)}`);
  const timeout = timeoutOf(s);
  if (typeof timeout === 'string') return fail(`error: ${timeout}`);
  const words = s.args.words;
  const fromFiles = s.args.flags.has('filename');
  if (fromFiles && words.length > 0) return fail('error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
  if (words.length === 0 && !fromFiles) {
    return fail("error: you must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  }
  const targets: Target[] = [];
  // `-f FILE`: the objects of the file, each by kind, name and namespace (./manifests.ts).
  if (fromFiles) {
    const read = readFiles(s);
    if (!read) return s.finish(1);
    for (const o of read.objects) targets.push({ r: o.resource, name: o.obj.metadata.name, ...(o.namespace ? { namespace: o.namespace } : {}) });
    if (targets.length === 0) {
      if (!read.failed) s.error('error: no matching resources found');
      return s.finish(1);
    }
  }
  const slashed = words[0]?.includes('/') ?? false;
  for (const [i, word] of words.entries()) {
    if (!slashed && i > 0) {
      targets.push({ r: targets[0]!.r, name: word });
      continue;
    }
    const [type, name] = slashed ? (word.split('/') as [string, string | undefined]) : [word, undefined];
    if (slashed !== word.includes('/')) return fail('error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form');
    const r = resolveType(type, s.w.api.customResources());
    if (!r) return fail(`error: the server doesn't have a resource type "${type}"`);
    if (slashed && !name) return fail(`error: arguments in resource/name form must have a single resource and name`);
    targets.push(name ? { r, name } : { r });
  }
  const selText = flag(s.args, 'selector');
  const all = hasFlag(s.args, 'all');
  const allNs = hasFlag(s.args, 'all-namespaces');
  const namespace = flag(s.args, 'namespace') ?? 'default';
  const byName = targets.filter((t) => t.name !== undefined);
  if (byName.length === 0 && !selText && !all) return fail('error: resource(s) were provided, but no name, label selector, or --all flag specified');
  if (byName.length > 0 && (selText || all)) return fail('error: name cannot be provided when a selector is specified');
  const sel = selText ? parseSelector(selText) : undefined;
  if (sel && !sel.ok) return fail(`error: unable to parse requirement: ${sel.error}`);
  const deadline = s.w.clock.now() + timeout;
  const isDelete = cond.kind === 'delete';

  // The resource builder's fetch: a GET per named object, or one LIST.
  const found: { r: ResourceInfo; o: Obj | undefined; name: string; namespace: string | undefined }[] = [];
  const fetchNamed = (i: number): void => {
    if (i >= byName.length) return waitAll(0);
    const t = byName[i]!;
    const ns = t.r.namespaced ? (t.namespace ?? namespace) : undefined;
    s.call({ verb: 'get', resource: t.r, ...(ns ? { namespace: ns } : {}), name: t.name! }, (res) => {
      if (res.status === 200 && res.object) found.push({ r: t.r, o: res.object, name: t.name!, namespace: ns });
      else if (res.status === 404 && (isDelete || cond.kind === 'create')) {
        // Already gone: nothing to wait for (kubectl ignores NotFound for --for=delete); --for=create waits for it.
        if (cond.kind === 'create') found.push({ r: t.r, o: undefined, name: t.name!, namespace: ns });
      } else return fail(serverError(res));
      fetchNamed(i + 1);
    });
  };
  const fetchList = (): void => {
    const r = targets[0]!.r;
    const ns = r.namespaced && !allNs ? namespace : undefined;
    s.call({ verb: 'list', resource: r, ...(ns ? { namespace: ns } : {}), ...(sel?.ok ? { match: (o: Obj) => matchesSelector(sel.value, o.metadata.labels) } : {}) }, (res) => {
      if (res.status !== 200) return fail(serverError(res));
      const items = [...(res.items ?? [])].sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
      for (const o of items) found.push({ r, o, name: o.metadata.name, namespace: o.metadata.namespace });
      if (found.length === 0) {
        if (isDelete) return s.finish(0);
        return fail('error: no matching resources found');
      }
      waitAll(0);
    });
  };

  const waitAll = (i: number): void => {
    if (i >= found.length) return s.finish(0);
    const f = found[i]!;
    const what = `${kindName(f.r)}/${f.name}`;
    const met = (): void => {
      s.print(`${what} condition met`);
      waitAll(i + 1);
    };
    if (conditionMet(f.o, cond)) return met();
    const timedOut = (): void => fail(`error: timed out waiting for the condition on ${f.r.resource}/${f.name}`);
    if (s.w.clock.now() >= deadline) return timedOut();
    // kubectl's own watch of the one object, from the resourceVersion it has seen.
    const base = apiPath(f.r, f.namespace);
    s.last = s.w.rec.emit({
      type: 'request',
      from: KUBECTL_ID,
      to: s.w.api.id,
      verb: 'watch',
      method: 'GET',
      path: `${base}?fieldSelector=metadata.name%3D${f.name}${f.o?.metadata.resourceVersion ? `&resourceVersion=${f.o.metadata.resourceVersion}` : ''}&watch=true`,
      resource: { kind: f.r.kind, resource: f.r.resource, apiVersion: apiVersionOf(f.r), ...(f.namespace ? { namespace: f.namespace } : {}), name: f.name },
      summary: `WATCH ${f.r.resource}/${f.name} (wait --for=${spec})`,
      cause: s.last,
    });
    let active = true;
    s.w.api.watch({
      component: KUBECTL_ID,
      kinds: [f.r.kind],
      filter: (o) => active && o.metadata.name === f.name && (o.metadata.namespace ?? undefined) === f.namespace,
      handler: (e) => {
        if (!active) return;
        s.last = e.cause;
        if (!conditionMet(e.type === 'DELETED' ? undefined : e.object, cond)) return;
        active = false;
        met();
      },
    });
    // kubectl waits in real time: the cluster's timers (readiness probes, back-offs) fire meanwhile.
    waitWhilePassingTime(s.w, () => !active, POLL_MS, Math.max(0, deadline - s.w.clock.now()), () => {
      if (!active) return;
      active = false;
      timedOut();
    });
  };

  if (byName.length > 0) fetchNamed(0);
  else fetchList();
}
