/**
 * Kubernetes behaviour profiles: what a reader sees change between the
 * versions the model supports (`cluster.kubernetes`, `--kubernetes`).
 *
 * | | 1.23 | 1.31 |
 * | --- | --- | --- |
 * | container runtime path | kubelet → dockershim (built into the kubelet) → Docker Engine (→ containerd) | kubelet → CRI → containerd |
 * | PodSecurityPolicy (policy/v1beta1) | served | removed (1.25) |
 * | FailedScheduling message | `0/3 nodes are available: 3 Insufficient cpu.` | the same plus ` preemption: 0/3 nodes are available: …` (1.24+) |
 * | `Pulled` event | `Successfully pulled image "x" in 1.2s` | `… in 1.2s (1.2s including waiting). Image size: N bytes.` |
 * | Pod conditions | no PodReadyToStartContainers | PodReadyToStartContainers (1.29+) |
 * | `Scaled up replica set` event | `… to 3` | `… from 2 to 3` (1.26+) |
 *
 * The runtime path, Pulled message, conditions and scaling events live with
 * the components that produce them (components/kubelet/kubelet.ts, components/controllers/); this file
 * holds the profile facts other code asks about.
 */

export interface Profile {
  /** "1.31". */
  version: string;
  minor: number;
  /** The kubelet talks to Docker Engine through its built-in dockershim (removed in 1.24). */
  dockershim: boolean;
  /** policy/v1beta1 PodSecurityPolicy is still served (removed in 1.25). */
  podSecurityPolicy: boolean;
  /** FailedScheduling messages carry the preemption diagnosis (1.24+, kubernetes/kubernetes#107775). */
  preemptionMessage: boolean;
}

export function profileOf(version: string): Profile {
  const minor = Number(version.split('.')[1] ?? '31');
  return { version, minor, dockershim: minor <= 23, podSecurityPolicy: minor <= 24, preemptionMessage: minor >= 24 };
}

/** The FailedScheduling message as the profile's scheduler writes it. */
export function failedSchedulingForProfile(message: string, version: string): string {
  if (profileOf(version).preemptionMessage) return message;
  const cut = message.indexOf(' preemption: ');
  return cut < 0 ? message : message.slice(0, cut);
}
