/** Reading `-f` files: the objects in a scenario file, with kubectl's errors for what it cannot map. */
import type { KubeObject } from '../../scenario/types.ts';
import { fromManifest, type Obj } from '../core/object.ts';
import type { ResourceInfo } from '../core/resources.ts';
import { kustomizeKey, recursiveKey } from '../../scenario/files.ts';
import { flag, flagAll, hasFlag } from './args.ts';
import { resolveKind } from './resolve.ts';
import type { Session } from './session.ts';

export interface FileObject {
  file: string;
  obj: Obj;
  resource: ResourceInfo;
  namespace: string | undefined;
}

/** Expands `-f` (several allowed, `List` kinds flattened); reports unmappable objects as kubectl does. Returns null when a file is missing. */
export function readFiles(s: Session): { objects: FileObject[]; failed: boolean } | null {
  // -R reads a folder with its sub-folders (its own key); -k the output of `kubectl kustomize`.
  const recursive = hasFlag(s.args, 'recursive');
  const names = [...flagAll(s.args, 'filename').map((n) => ({ name: n, key: recursive ? recursiveKey(n) : n })), ...flagAll(s.args, 'kustomize').map((n) => ({ name: n, key: kustomizeKey(n) }))];
  const nsFlag = flag(s.args, 'namespace');
  const out: FileObject[] = [];
  let failed = false;
  for (const { name, key } of names) {
    const f = s.files[key] ?? s.files[name];
    if (!f) {
      s.error(`error: the path "${name}" does not exist`);
      return null;
    }
    for (const raw of flatten(f.objects)) {
      const obj = fromManifest(raw);
      const r = resolveKind(obj.apiVersion, obj.kind, s.w.kubernetes, s.w.api.customResources());
      if (!r) {
        const ns = obj.metadata.namespace ?? '';
        s.error(`error: resource mapping not found for name: "${obj.metadata.name ?? ''}" namespace: "${ns}" from "${name}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`);
        failed = true;
        continue;
      }
      const namespace = r.namespaced ? (obj.metadata.namespace ?? nsFlag ?? 'default') : undefined;
      if (r.namespaced && nsFlag && obj.metadata.namespace && obj.metadata.namespace !== nsFlag) {
        s.error(`error: the namespace from the provided object "${obj.metadata.namespace}" does not match the namespace "${nsFlag}". You must pass '--namespace=${obj.metadata.namespace}' to perform this operation.`);
        failed = true;
        continue;
      }
      out.push({ file: name, obj, resource: r, namespace });
    }
  }
  return { objects: out, failed };
}

function flatten(objs: KubeObject[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const o of objs) {
    if (o.kind === 'List' || (o.kind.endsWith('List') && Array.isArray((o as { items?: unknown }).items))) out.push(...flatten(((o as { items?: KubeObject[] }).items ?? [])));
    else out.push(o);
  }
  return out;
}
