/**
 * What the controllers of StatefulSets, DaemonSets, PodDisruptionBudgets and
 * volumes leave out, added to a trace whose cluster holds such objects
 * (src/cluster/steps/coverage-notes.ts). Fields they ignore are listed
 * separately, per field (src/scenario/coverage.ts).
 */
export const KIND_NOTES: Readonly<Record<string, string>> = {
  CustomResourceDefinition:
    'CustomResourceDefinitions: custom resources are stored and served; no controller acts on them. The API server serves a CRD once it is Established (names accepted, then Established at once with one API server, 5 s later with several); the API server prunes, defaults and validates them against the version\'s structural schema (kubectl\'s fieldValidation=Strict turns an unknown field into an error; several errors are listed in schema order, not Go\'s map order; CEL rules, formats and list-type uniqueness are not checked), serves /status and /scale when the CRD enables them (an unknown field in a kubectl apply of an existing object is answered as for a create, 400 strict decoding error, not with the patch handler\'s 422 quoting the patch), but does not convert between versions (an object is stored and served in the version it was written in), deleting a CRD does not delete its objects (no customresourcecleanup finalizer): they stay in etcd, no longer served. The model keys objects by kind: a CRD whose kind is built in, or already served for another CRD (e.g. Gateway in two groups), is not served.',
  StatefulSet:
    'StatefulSet: a pod or claim whose creation fails is recorded (FailedCreate) but retried only when the StatefulSet or its pods change, not by the controller\'s rate-limited requeue.',
  DaemonSet:
    'DaemonSet: failed daemon pods are deleted and re-created without the controller\'s back-off (1 s doubling to 15 min); pods are created in slow-start batches (1, 2, 4 …) as the controller does.',
  PodDisruptionBudget:
    'PodDisruptionBudget: a disruptedPods entry older than 2 min is dropped the next time the budget is recomputed (on a change of a pod or of the budget); the disruption controller\'s requeue at that deadline is not run.',
  PersistentVolumeClaim:
    'Volumes: the CSI driver (hostpath.csi.k8s.io) runs as its external-provisioner and external-attacher on the control plane; its node plugin\'s NodeStage/NodePublish and NodeUnpublish/NodeUnstage are one kubelet action each. The attacher\'s finalizer on the PersistentVolume, CSINode objects, resizing and snapshots are not modelled; the driver publishes no CSIStorageCapacity objects (kube-scheduler checks those a scenario writes, for a CSIDriver with storageCapacity: true); the kubelet updates node.status.volumesInUse as soon as it mounts or unmounts (not at its next 10 s node status update), and the attach/detach controller reads that list directly (its mounted flag is not first assumed true until a node update) and re-checks a NotReady node\'s 6 min force-detach timeout once, not every 100 ms. When local volumes narrow a pod\'s nodes (VolumeBinding\'s PreFilterResult), kube-scheduler scans them in Go map order; the model scans them in node order. Storage object in-use protection runs (the StorageObjectInUseProtection admission plugin, the PVC and PV protection controllers); the PVC protection controller makes its live list of pods once per claim, not once per namespace batch, and `kubectl delete` of a claim still in use gives up waiting after 2 min of simulated time (real kubectl waits until the claim is gone).',
};
