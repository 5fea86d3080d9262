/**
 * `kubectl describe` of PersistentVolume and PersistentVolumeClaim
 * (k8s.io/kubectl pkg/describe/describe.go, 1.31: describePersistentVolume,
 * describePersistentVolumeClaim, printPersistentVolumeClaim, getPodsForPVC),
 * and the volume sources describe prints for them. The Events table is added
 * by the caller (./describe.ts).
 */
import type { DescribeRelated, KubeObjectLike } from './types.ts';
import { DescribeWriter, goStringSlice, persistentVolumeClaimClass, printAnnotationsMultiline, printLabelsMultiline, printPersistentVolumeClaim, rfc1123z } from './describe-common.ts';
import { asArray, asDict, asString, formatLabels, spec, status, type Dict } from './format.ts';
import { since } from './duration.ts';
import { accessModesString } from './storage.ts';

/** printPodsMultiline: the pods' names, sorted. */
function printPodsMultiline(w: DescribeWriter, title: string, pods: readonly KubeObjectLike[]): void {
  w.write(0, `${title}:\t`);
  if (pods.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  const names = pods.map((p) => p.metadata.name).sort();
  names.forEach((n, i) => {
    if (i > 0) w.write(0, '\t');
    w.write(0, `${n}\n`);
  });
}

/**
 * getPodsForPVC: the namespace's pods with a persistentVolumeClaim volume of
 * this claim (a pod once per such volume, as kubectl appends it), then the
 * pods among its Pod owners not already listed (a generic ephemeral volume's
 * claim is owned by its pod).
 */
export function podsForPVC(pvc: KubeObjectLike, nsPods: readonly KubeObjectLike[]): KubeObjectLike[] {
  const pods: KubeObjectLike[] = [];
  for (const pod of nsPods) {
    for (const v of asArray(spec(pod).volumes).map(asDict)) {
      if (v.persistentVolumeClaim !== undefined && asString(asDict(v.persistentVolumeClaim).claimName) === pvc.metadata.name) pods.push(pod);
    }
  }
  for (const ref of pvc.metadata.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = nsPods.find((p) => p.metadata.uid === ref.uid);
    if (!owner || pods.some((p) => p.metadata.uid === owner.metadata.uid)) continue;
    pods.push(owner);
  }
  return pods;
}

export function describePersistentVolumeClaim(w: DescribeWriter, pvc: KubeObjectLike, related: DescribeRelated, now: number): void {
  printPersistentVolumeClaim(w, { ...pvc.metadata }, spec(pvc), status(pvc), true, now);
  printPodsMultiline(w, 'Used By', related.pods ?? []);
  const conditions = asArray(status(pvc).conditions).map(asDict);
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(
        1,
        `${asString(c.type)} \t${asString(c.status)} \t${goTime(asString(c.lastProbeTime))} \t${goTime(asString(c.lastTransitionTime))} \t${asString(c.reason)} \t${asString(c.message)}\n`,
      );
    }
  }
}

/** A metav1.Time formatted with RFC1123Z; the zero time when unset. */
function goTime(t: string): string {
  return t === '' ? 'Mon, 01 Jan 0001 00:00:00 +0000' : rfc1123z(t);
}

/** printVolumeNodeAffinity and printNodeSelectorTermsMultilineWithIndent. */
function printVolumeNodeAffinity(w: DescribeWriter, affinity: unknown): void {
  w.write(0, 'Node Affinity:\t');
  const required = asDict(affinity).required;
  if (affinity === undefined || required === undefined) {
    w.write(0, '<none>\n');
    return;
  }
  w.write(0, '\n');
  w.write(1, 'Required Terms:\t');
  const terms = asArray(asDict(required).nodeSelectorTerms).map(asDict);
  if (terms.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  w.write(0, '\n');
  terms.forEach((term, i) => {
    w.write(2, `Term ${i}:\t`);
    const reqs = asArray(term.matchExpressions).map(asDict);
    if (reqs.length === 0) {
      w.write(0, '<none>\n');
      return;
    }
    reqs.forEach((r, j) => {
      if (j > 0) w.write(2, '\t');
      const values = asArray(r.values).map((v) => asString(v));
      const expr = `${asString(r.key)} ${asString(r.operator).toLowerCase()}`;
      w.write(0, `${values.length > 0 ? `${expr} [${values.join(', ')}]` : expr}\n`);
    });
  });
}

/**
 * The PV sources describe.go prints that the model's PVs use (hostPath, nfs,
 * local, csi); any other source prints `<unknown>`, where kubectl prints that
 * source's own fields.
 */
function printPersistentVolumeSource(w: DescribeWriter, sp: Dict): void {
  if (sp.hostPath !== undefined) {
    const hp = asDict(sp.hostPath);
    w.write(2, 'Type:\tHostPath (bare host directory volume)\n');
    w.write(0, `    Path:\t${asString(hp.path)}\n`);
    w.write(0, `    HostPathType:\t${hp.type === undefined ? '<none>' : asString(hp.type)}\n`);
  } else if (sp.nfs !== undefined) {
    const nfs = asDict(sp.nfs);
    w.write(2, 'Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n');
    w.write(0, `    Server:\t${asString(nfs.server)}\n    Path:\t${asString(nfs.path)}\n    ReadOnly:\t${nfs.readOnly === true}\n`);
  } else if (sp.local !== undefined) {
    w.write(2, 'Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n');
    w.write(0, `    Path:\t${asString(asDict(sp.local).path)}\n`);
  } else if (sp.csi !== undefined) {
    const csi = asDict(sp.csi);
    w.write(2, 'Type:\tCSI (a Container Storage Interface (CSI) volume source)\n');
    w.write(0, `    Driver:\t${asString(csi.driver)}\n    FSType:\t${asString(csi.fsType)}\n    VolumeHandle:\t${asString(csi.volumeHandle)}\n    ReadOnly:\t${csi.readOnly === true}\n`);
    // printCSIPersistentVolumeAttributesMultilineIndent: each write at LEVEL_2.
    const attrs = asDict(csi.volumeAttributes);
    w.write(2, 'VolumeAttributes:\t');
    const keys = Object.keys(attrs).sort();
    if (keys.length === 0) w.write(0, '<none>\n');
    keys.forEach((k, i) => {
      if (i > 0) w.write(2, '\t');
      const line = `${k}=${asString(attrs[k])}`;
      w.write(2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
    });
  } else {
    w.write(1, '<unknown>\n');
  }
}

export function describePersistentVolume(w: DescribeWriter, pv: KubeObjectLike, now: number): void {
  const sp = spec(pv);
  w.write(0, `Name:\t${pv.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', pv.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
  w.write(0, `Finalizers:\t${goStringSlice(pv.metadata.finalizers)}\n`);
  w.write(0, `StorageClass:\t${persistentVolumeClaimClass(asDict(pv.metadata.annotations), sp)}\n`);
  if (pv.metadata.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, now)})\n`);
  else w.write(0, `Status:\t${asString(status(pv).phase)}\n`);
  const claimRef = sp.claimRef === undefined ? undefined : asDict(sp.claimRef);
  w.write(0, `Claim:\t${claimRef ? `${asString(claimRef.namespace)}/${asString(claimRef.name)}` : ''}\n`);
  w.write(0, `Reclaim Policy:\t${asString(sp.persistentVolumeReclaimPolicy)}\n`);
  w.write(0, `Access Modes:\t${accessModesString(sp.accessModes)}\n`);
  if (sp.volumeMode !== undefined) w.write(0, `VolumeMode:\t${asString(sp.volumeMode)}\n`);
  w.write(0, `Capacity:\t${asString(asDict(sp.capacity).storage, '0')}\n`);
  printVolumeNodeAffinity(w, sp.nodeAffinity);
  w.write(0, `Message:\t${asString(status(pv).message)}\n`);
  w.write(0, 'Source:\n');
  printPersistentVolumeSource(w, sp);
}

/** storageutil.IsDefaultAnnotationText: Yes when the GA or beta is-default-class annotation is "true". */
function isDefaultAnnotationText(annotations: Record<string, string> | undefined): string {
  const a = annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true' ? 'Yes' : 'No';
}

/** printAllowedTopologies and printTopologySelectorTermsMultilineWithIndent. */
function printAllowedTopologies(w: DescribeWriter, topologies: Dict[]): void {
  w.write(0, 'AllowedTopologies:\t');
  if (topologies.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  w.write(0, '\n');
  topologies.forEach((term, i) => {
    w.write(1, `Term ${i}:\t`);
    const reqs = asArray(term.matchLabelExpressions).map(asDict);
    if (reqs.length === 0) {
      w.write(0, '<none>\n');
      return;
    }
    reqs.forEach((r, j) => {
      if (j > 0) w.write(1, '\t');
      const values = asArray(r.values).map((v) => asString(v));
      const expr = `${asString(r.key)} in`;
      w.write(0, `${values.length > 0 ? `${expr} [${values.join(', ')}]` : expr}\n`);
    });
  });
}

/**
 * describeStorageClass (describe.go, 1.31): annotations and parameters as
 * one `k=v,…` line (labels.FormatLabels), the last-applied configuration
 * included.
 */
export function describeStorageClass(w: DescribeWriter, sc: KubeObjectLike): void {
  w.write(0, `Name:\t${sc.metadata.name}\n`);
  w.write(0, `IsDefaultClass:\t${isDefaultAnnotationText(sc.metadata.annotations)}\n`);
  w.write(0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
  w.write(0, `Provisioner:\t${asString(sc.provisioner)}\n`);
  w.write(0, `Parameters:\t${formatLabels(asDict(sc.parameters) as Record<string, string>)}\n`);
  w.write(0, `AllowVolumeExpansion:\t${typeof sc.allowVolumeExpansion === 'boolean' ? (sc.allowVolumeExpansion ? 'True' : 'False') : '<unset>'}\n`);
  const options = asArray(sc.mountOptions).map((o) => asString(o));
  if (options.length === 0) w.write(0, 'MountOptions:\t<none>\n');
  else {
    w.write(0, 'MountOptions:\n');
    for (const o of options) w.write(1, `${o}\n`);
  }
  if (sc.reclaimPolicy !== undefined) w.write(0, `ReclaimPolicy:\t${asString(sc.reclaimPolicy)}\n`);
  if (sc.volumeBindingMode !== undefined) w.write(0, `VolumeBindingMode:\t${asString(sc.volumeBindingMode)}\n`);
  if (sc.allowedTopologies !== undefined) printAllowedTopologies(w, asArray(sc.allowedTopologies).map(asDict));
}
