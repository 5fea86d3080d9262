/**
 * `kubectl get` columns of the storage kinds (pkg/printers/internalversion/
 * printers.go, 1.31: printPersistentVolume, printPersistentVolumeClaim,
 * printStorageClass).
 */
import type { KubeObjectLike } from './types.ts';
import { asArray, asDict, asString, spec, status } from './format.ts';
import { since } from './duration.ts';

/** Same shape as columns.ts's TableDef (kept here so the storage tables are one local file). */
interface StorageTable {
  headers: string[];
  wide?: string[];
  namespaced: boolean;
  row(o: KubeObjectLike, now: number, wide: boolean): string[];
  name?(o: KubeObjectLike): string;
}

const ACCESS_MODES: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

/** helper.GetAccessModesAsString: the short forms, in this fixed order, comma-separated. */
export function accessModesString(modes: unknown): string {
  const have = new Set(asArray(modes).map((m) => asString(m)));
  return ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'].filter((m) => have.has(m)).map((m) => ACCESS_MODES[m]).join(',');
}

const age = (o: KubeObjectLike, now: number): string => since(o.metadata.creationTimestamp, now);

export const persistentvolumeclaims: StorageTable = {
  headers: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
  wide: ['VOLUMEMODE'],
  namespaced: true,
  row(o, now, wide) {
    const st = status(o);
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : asString(st.phase);
    const bound = asString(spec(o).volumeName) !== '';
    const cells = [
      phase,
      asString(spec(o).volumeName),
      bound ? asString(asDict(st.capacity).storage) : '',
      bound ? accessModesString(st.accessModes) : '',
      asString(spec(o).storageClassName),
      asString(spec(o).volumeAttributesClassName) || '<unset>',
      age(o, now),
    ];
    return wide ? [...cells, asString(spec(o).volumeMode) || '<unset>'] : cells;
  },
};

export const persistentvolumes: StorageTable = {
  headers: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
  wide: ['VOLUMEMODE'],
  namespaced: false,
  row(o, now, wide) {
    const s = spec(o);
    const ref = asDict(s.claimRef);
    const claim = asString(ref.name) ? `${asString(ref.namespace)}/${asString(ref.name)}` : '';
    const cells = [
      asString(asDict(s.capacity).storage),
      accessModesString(s.accessModes),
      asString(s.persistentVolumeReclaimPolicy),
      o.metadata.deletionTimestamp ? 'Terminating' : asString(status(o).phase),
      claim,
      asString(s.storageClassName),
      asString(s.volumeAttributesClassName) || '<unset>',
      asString(status(o).reason),
      age(o, now),
    ];
    return wide ? [...cells, asString(s.volumeMode) || '<unset>'] : cells;
  },
};

export const storageclasses: StorageTable = {
  headers: ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
  namespaced: false,
  row(o, now) {
    const r: Record<string, unknown> = o;
    return [asString(r['provisioner']), asString(r['reclaimPolicy']) || 'Delete', asString(r['volumeBindingMode']) || 'Immediate', String(r['allowVolumeExpansion'] === true), age(o, now)];
  },
  // IsDefaultAnnotationText: "standard (default)".
  name(o) {
    const d = o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' || o.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return d ? `${o.metadata.name} (default)` : o.metadata.name;
  },
};

/** printers.go volumeAttachmentColumnDefinitions: NAME, ATTACHER, PV, NODE, ATTACHED, AGE. */
export const volumeattachments: StorageTable = {
  headers: ['NAME', 'ATTACHER', 'PV', 'NODE', 'ATTACHED', 'AGE'],
  namespaced: false,
  row(o, now) {
    const r: Record<string, unknown> = o;
    const spec = (r['spec'] ?? {}) as { attacher?: unknown; nodeName?: unknown; source?: { persistentVolumeName?: unknown } };
    const st = (r['status'] ?? {}) as { attached?: unknown };
    return [asString(spec.attacher), asString(spec.source?.persistentVolumeName), asString(spec.nodeName), String(st.attached === true), age(o, now)];
  },
};

/**
 * printers.go printCSIDriver: NAME, ATTACHREQUIRED, PODINFOONMOUNT, STORAGECAPACITY,
 * TOKENREQUESTS, REQUIRESREPUBLISH, MODES, AGE, with the API server's defaults
 * for unset fields (attachRequired true, volumeLifecycleModes [Persistent]).
 */
export const csidrivers: StorageTable = {
  headers: ['NAME', 'ATTACHREQUIRED', 'PODINFOONMOUNT', 'STORAGECAPACITY', 'TOKENREQUESTS', 'REQUIRESREPUBLISH', 'MODES', 'AGE'],
  namespaced: false,
  row(o, now) {
    const s = spec(o);
    const tokens = s.tokenRequests === undefined ? '<unset>' : asArray(s.tokenRequests).map((t) => asString(asDict(t).audience)).join(',');
    const modes = s.volumeLifecycleModes === undefined ? ['Persistent'] : asArray(s.volumeLifecycleModes).map((m) => asString(m));
    return [String(s.attachRequired !== false), String(s.podInfoOnMount === true), String(s.storageCapacity === true), tokens, String(s.requiresRepublish === true), modes.join(',') || '<none>', age(o, now)];
  },
};

/** printers.go printCSIStorageCapacity: NAME, STORAGECLASSNAME, CAPACITY (no AGE column). */
export const csistoragecapacities: StorageTable = {
  headers: ['NAME', 'STORAGECLASSNAME', 'CAPACITY'],
  namespaced: true,
  row(o) {
    const r: Record<string, unknown> = o;
    const c = r['capacity'];
    return [asString(r['storageClassName']), c === undefined ? '<unset>' : typeof c === 'number' ? String(c) : asString(c)];
  },
};
