/**
 * The Node object a kubelet registers (kubelet_node_status.go,
 * registerWithAPIServer → POST /api/v1/nodes): labels, taints, capacity and
 * allocatable, healthy conditions, addresses, images and nodeInfo. Used for
 * the nodes present at boot (../../boot/cluster.ts) and for a kubelet that
 * starts with no Node object: one deleted, or a node that joins later
 * (./node-status.ts). The pod CIDR is set here: the model folds Node IPAM into
 * registration.
 */
import type { Obj } from '../../core/object.ts';
import type { NodeSpec } from '../../../scenario/types.ts';
import { formatCpu, formatMemory } from '../../../scenario/quantity.ts';
import { imageSize, normalizeImage } from '../../core/images.ts';
import type { Taint } from '../../core/typed.ts';
import { CSI_TOPOLOGY_KEY } from '../storage/csi-provisioner.ts';
import type { Kubelet } from './kubelet.ts';

export function nodeObject(n: NodeSpec, kubelet: Kubelet, kubernetes: string, index: number, csiDriver: boolean): Obj {
  const taints: Taint[] = n.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect }));
  const resources = { cpu: formatCpu(n.cpuMillis), memory: formatMemory(n.memoryBytes), pods: String(n.pods), 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        // The CSI node plugin's topology (NodeGetInfo), labelled by the kubelet when the driver registers.
        ...(csiDriver ? { [CSI_TOPOLOGY_KEY]: n.name } : {}),
        ...n.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: kubelet.podCidr(), podCIDRs: [kubelet.podCidr()], ...(taints.length > 0 ? { taints } : {}) },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      addresses: [
        { type: 'InternalIP', address: kubelet.hostIp() },
        { type: 'Hostname', address: n.name },
      ],
      images: n.images.map((img) => ({ names: [normalizeImage(img)], sizeBytes: imageSize(img) })),
      nodeInfo: {
        kubeletVersion: `v${kubernetes}.0`,
        kubeProxyVersion: `v${kubernetes}.0`,
        containerRuntimeVersion: 'containerd://1.7.22',
        operatingSystem: 'linux',
        architecture: 'amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        machineID: String(index),
      },
    },
  };
}
