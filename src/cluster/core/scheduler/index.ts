/** Public entry points of the scheduler algorithms (the queue/cycle wiring lives in the model). */
export * from './types.ts';
export { schedulePod, selectHost, numFeasibleNodesToFind, DEFAULT_FILTERS, DEFAULT_SCORERS } from './schedule.ts';
export type { CycleOptions, SchedulerProfile } from './schedule.ts';
export { failedSchedulingMessage, reasonHistogram } from './message.ts';
export { NodeColumns } from './node-columns.ts';
export { effectiveRequests, podInfoFromSpec, nodeInfoFor, withPod, hostPortsOf } from './build.ts';
export type { PodSpecLike, ContainerLike } from './build.ts';
export {
  volumeBindingPreFilter, preFilterFailureMessage, podClaimNames, podClaims, volumeClaimName, ephemeralNotForPod, ERR_UNBOUND_IMMEDIATE, findPodVolumes, eligibleNodes, podVolumeCheck,
  ERR_REASON_BIND_CONFLICT, ERR_REASON_NODE_CONFLICT, ERR_REASON_PV_NOT_EXIST, ERR_REASON_NOT_ENOUGH_SPACE, ERR_PREFILTER_NO_NODE, hasEnoughCapacity, NOT_SUPPORTED_PROVISIONER,
} from './volumebinding.ts';
export type { CapacityTracking, StorageCapacity, ClaimState, VolumePreFilter, PodClaim, PodRef, BoundClaim, DelayedClaim, PodVolumeClaims, PodVolumesOnNode } from './volumebinding.ts';
