/**
 * `kubectl apply -f` (client-side apply) and `kubectl create -f`: for each
 * object, apply GETs the live object; absent → POST with the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation (created);
 * present → a three-way patch between last-applied, the file and the live
 * object: empty → no write at all (unchanged), else PATCH (configured).
 */
import { series } from '../core/async.ts';
import { clone, type Obj } from '../core/object.ts';
import type { ResourceInfo } from '../core/resources.ts';
import { CREATE_OUTPUT_FORMATS } from '../../scenario/kubectl-commands.ts';
import { flag } from './args.ts';
import { readFiles, type FileObject } from './manifests.ts';
import { toKubectlJson, toKubectlYaml } from './printers/serialize.ts';
import { invalidMessage, kindName, serverError } from './resolve.ts';
import type { Session } from './session.ts';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function runApply(s: Session, mode: 'apply' | 'create'): void {
  const output = mode === 'create' ? flag(s.args, 'output') : undefined;
  if (output !== undefined && !CREATE_OUTPUT_FORMATS.includes(output)) {
    // cli-runtime's PrintFlags: kubectl create's formats, as NoCompatiblePrinterError lists them.
    s.error(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,name,go-template,go-template-file,template,templatefile,yaml`);
    return s.finish(1);
  }
  const read = readFiles(s);
  if (!read) return s.finish(1);
  let failed = read.failed;
  series(
    read.objects.map((fo) => (next: () => void) =>
      (mode === 'apply' ? applyOne : createOne)(s, fo, (ok) => {
        if (!ok) failed = true;
        next();
      }),
    ),
    () => s.finish(failed ? 1 : 0),
  );
}

function createOne(s: Session, fo: FileObject, done: (ok: boolean) => void): void {
  s.call({ verb: 'create', resource: fo.resource, namespace: fo.namespace, body: fo.obj }, (res) => {
    if (res.status === 201) {
      printCreated(s, fo.resource, res.object!);
      return done(true);
    }
    // A review's 422 names no object (apierrors.NewInvalid(kind, "", errs)).
    const name = fo.resource.createOnly ? '' : fo.obj.metadata.name;
    s.error(res.reason === 'Invalid' ? invalidMessage(fo.obj.kind, name, res.causes ?? []) : serverError(res, `error when creating "${fo.file}"`));
    done(false);
  });
}

/** Objects `kubectl create -o yaml` has printed in this command (YAMLPrinter separates documents with `---`). */
const yamlPrinted = new WeakMap<Session, number>();

/**
 * What `kubectl create -f` prints for a created object: `kind.group/name
 * created`; with `-o name` just `kind.group/name`; with `-o json|yaml` the
 * object as the API server returned it. An object without a name (a review)
 * is `<unknown>`, as cli-runtime's NamePrinter says.
 */
export function printCreated(s: Session, r: ResourceInfo, obj: Obj): void {
  const ref = `${kindName(r)}/${obj.metadata.name || '<unknown>'}`;
  const output = flag(s.args, 'output');
  if (output === 'name') return s.print(ref);
  if (output === 'json') return s.print(toKubectlJson(obj).replace(/\n$/, ''));
  if (output === 'yaml') {
    const n = yamlPrinted.get(s) ?? 0;
    yamlPrinted.set(s, n + 1);
    if (n > 0) s.print('---');
    return s.print(toKubectlYaml(obj).replace(/\n$/, ''));
  }
  s.print(`${ref} created`);
}

function applyOne(s: Session, fo: FileObject, done: (ok: boolean) => void): void {
  const name = fo.obj.metadata.name;
  if (!name && fo.obj.metadata.generateName) {
    // apply.go applyOneObject: an object named by generateName cannot be applied.
    s.error(`error: from ${fo.obj.metadata.generateName}: cannot use generate name with apply`);
    return done(false);
  }
  if (!name) {
    // info.Get() with an empty name: client-go refuses before any request (a review, a generateName object).
    s.error(`error: error when retrieving current configuration of:\nResource: "${gvr(fo)}", GroupVersionKind: "${gvk(fo)}"\nName: "", Namespace: "${fo.namespace ?? ''}"\nfrom server for: "${fo.file}": resource name may not be empty`);
    return done(false);
  }
  const modified = withLastApplied(fo.obj);
  s.call({ verb: 'get', resource: fo.resource, namespace: fo.namespace, name }, (got) => {
    if (got.status === 404) {
      return s.call({ verb: 'create', resource: fo.resource, namespace: fo.namespace, body: modified }, (res) => {
        if (res.status === 201) {
          s.print(`${kindName(fo.resource)}/${name} created`);
          return done(true);
        }
        s.error(res.reason === 'Invalid' ? invalidMessage(fo.obj.kind, name, res.causes ?? []) : serverError(res, `error when creating "${fo.file}"`));
        done(false);
      });
    }
    if (got.status !== 200) {
      s.error(serverError(got, `error when retrieving current configuration of:\nResource: "${gvr(fo)}", GroupVersionKind: "${gvk(fo)}"\nName: "${name}", Namespace: "${fo.namespace ?? ''}"\nfrom server for: "${fo.file}"`));
      return done(false);
    }
    const live = got.object!;
    const original = parseLastApplied(live);
    if (isSubset(modified, live) && removedFields(original, fo.obj, live).length === 0) {
      s.print(`${kindName(fo.resource)}/${name} unchanged`);
      return done(true);
    }
    s.call(
      {
        verb: 'patch',
        resource: fo.resource,
        namespace: fo.namespace,
        name,
        patch: (current) => threeWayMerge(original, modified, current),
      },
      (res) => {
        if (res.status === 200) {
          s.print(`${kindName(fo.resource)}/${name} configured`);
          return done(true);
        }
        s.error(res.reason === 'Invalid' ? invalidMessage(fo.obj.kind, name, res.causes ?? []) : serverError(res, `error when applying patch:\n\nto:\nResource: "${gvr(fo)}", GroupVersionKind: "${gvk(fo)}"\nName: "${name}", Namespace: "${fo.namespace ?? ''}"\nfor: "${fo.file}"`));
        done(false);
      },
    );
  });
}

function gvr(fo: FileObject): string {
  return `${fo.resource.group ? `${fo.resource.group}/` : ''}${fo.resource.version}, Resource=${fo.resource.resource}`;
}

function gvk(fo: FileObject): string {
  return `${fo.resource.group ? `${fo.resource.group}/` : ''}${fo.resource.version}, Kind=${fo.resource.kind}`;
}

/** The object as sent: the file's object plus the annotation holding its own JSON (as kubectl writes it). */
export function withLastApplied(o: Obj): Obj {
  const c = clone(o);
  const forAnnotation = clone(o);
  if (forAnnotation.metadata.annotations) {
    delete forAnnotation.metadata.annotations[LAST_APPLIED];
    if (Object.keys(forAnnotation.metadata.annotations).length === 0) delete forAnnotation.metadata.annotations;
  }
  c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [LAST_APPLIED]: JSON.stringify(sortDeep(forAnnotation)) + '\n' };
  return c;
}

function parseLastApplied(live: Obj): Obj | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Obj;
  } catch {
    return undefined;
  }
}

/** Is every field set in `want` equal in `have`? (Server defaults in `have` do not count as a difference.) */
export function isSubset(want: unknown, have: unknown): boolean {
  if (Array.isArray(want)) {
    if (!Array.isArray(have) || have.length !== want.length) return false;
    return want.every((w, i) => isSubset(w, have[i]));
  }
  if (want !== null && typeof want === 'object') {
    if (have === null || typeof have !== 'object' || Array.isArray(have)) return false;
    return Object.entries(want as Record<string, unknown>).every(([k, v]) => isSubset(v, (have as Record<string, unknown>)[k]));
  }
  return want === have || (typeof want === 'number' && String(want) === have);
}

/** Dot paths set in last-applied, gone from the file, still present live: the patch deletes them. */
function removedFields(original: unknown, modified: unknown, live: unknown, path = ''): string[] {
  if (original === null || typeof original !== 'object' || Array.isArray(original)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(original as Record<string, unknown>)) {
    const m = modified !== null && typeof modified === 'object' ? (modified as Record<string, unknown>)[k] : undefined;
    const l = live !== null && typeof live === 'object' ? (live as Record<string, unknown>)[k] : undefined;
    if (m === undefined) {
      if (l !== undefined) out.push(`${path}${k}`);
    } else out.push(...removedFields(v, m, l, `${path}${k}.`));
  }
  return out;
}

/** The new live object: fields of the file win, fields only in last-applied are removed, the rest stays. */
function threeWayMerge(original: Obj | undefined, modified: Obj, current: Obj): Obj {
  const merged = mergeInto(current, modified) as Obj;
  if (original) removePaths(merged, removedFields(original, modified, current));
  return merged;
}

function mergeInto(base: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    if (Array.isArray(patch) && Array.isArray(base) && patch.length === base.length) return patch.map((p, i) => mergeInto(base[i], p));
    return clone(patch);
  }
  const out: Record<string, unknown> = base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) out[k] = mergeInto(out[k], v);
  return out;
}

function removePaths(o: Obj, paths: string[]): void {
  for (const p of paths) {
    const parts = p.split('.');
    let cur: Record<string, unknown> | undefined = o;
    for (const part of parts.slice(0, -1)) cur = cur?.[part] as Record<string, unknown> | undefined;
    if (cur) delete cur[parts[parts.length - 1]!];
  }
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) out[k] = sortDeep((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}
