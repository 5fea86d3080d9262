/**
 * Our own icon set: simple geometric line glyphs on a 24-unit grid, all drawn
 * with the same round stroke so they read as one family at 16–20 px. The
 * writer puts each used icon once into <defs> as a <symbol> and references it.
 */
import type { IconName } from '../../views/types.ts';

export const ICON_PATHS: Record<IconName, string> = {
  // stacked API endpoints
  apiserver:
    '<rect x="3.5" y="4" width="17" height="6.5" rx="1.8"/><rect x="3.5" y="13.5" width="17" height="6.5" rx="1.8"/><path d="M7.5 7.25h.01M7.5 16.75h.01M11 7.25h5.5M11 16.75h5.5"/>',
  // a key-value database
  etcd: '<ellipse cx="12" cy="6" rx="7" ry="2.6"/><path d="M5 6v12c0 1.45 3.13 2.6 7 2.6s7-1.15 7-2.6V6"/><path d="M5 12c0 1.45 3.13 2.6 7 2.6s7-1.15 7-2.6"/>',
  // a clock: deciding when and where
  scheduler: '<circle cx="12" cy="12" r="8.5"/><path d="M12 7v5.2l3.4 2.1"/>',
  // the reconcile loop
  controller: '<path d="M19.5 12a7.5 7.5 0 0 1-12.8 5.3"/><path d="M4.5 12a7.5 7.5 0 0 1 12.8-5.3"/><path d="M17.6 3v3.8h-3.8M6.4 21v-3.8h3.8"/>',
  'cloud-controller':
    '<path d="M7 18.5h10a4.25 4.25 0 0 0 .6-8.46A6 6 0 0 0 6.2 9.3 4.6 4.6 0 0 0 7 18.5z"/><path d="M10 14.5h4"/>',
  // the node agent: a chip
  kubelet: '<rect x="6" y="6" width="12" height="12" rx="2"/><path d="M9.5 2.5V6M14.5 2.5V6M9.5 18v3.5M14.5 18v3.5M2.5 9.5H6M2.5 14.5H6M18 9.5h3.5M18 14.5h3.5"/><rect x="9.5" y="9.5" width="5" height="5" rx="0.8"/>',
  // packet forwarding
  'kube-proxy': '<path d="M3.5 7h4.5l8 10h4.5M3.5 17h4.5l2.4-3M13.6 10l2.4-3h4.5"/><path d="M18 4.5l2.5 2.5-2.5 2.5M18 14.5l2.5 2.5-2.5 2.5"/>',
  // the container engine: a gear
  runtime:
    '<circle cx="12" cy="12" r="3"/><path d="M12 3v2.5M12 18.5V21M3 12h2.5M18.5 12H21M5.64 5.64l1.77 1.77M16.59 16.59l1.77 1.77M5.64 18.36l1.77-1.77M16.59 7.41l1.77-1.77"/><circle cx="12" cy="12" r="6.5"/>',
  // a cube, as in the Kubernetes icon set
  pod: '<path d="M12 3l8 4.5v9L12 21l-8-4.5v-9z"/><path d="M4 7.5l8 4.5 8-4.5M12 12v9"/>',
  container: '<rect x="3" y="6.5" width="18" height="11" rx="1.5"/><path d="M7.5 9.5v5M12 9.5v5M16.5 9.5v5"/>',
  // one virtual address in front of many endpoints
  service:
    '<circle cx="5" cy="12" r="2.2"/><circle cx="19" cy="5" r="2.2"/><circle cx="19" cy="12" r="2.2"/><circle cx="19" cy="19" r="2.2"/><path d="M7.2 12h9.6M7 10.9l9.9-4.9M7 13.1l9.9 4.9"/>',
  // stacked copies of one Pod template
  replicaset: '<rect x="3" y="10" width="9" height="9" rx="1.5"/><path d="M7 10V6.5h8.5V15H12"/><path d="M11 6.5V3h10v10h-5.5"/>',
  // a list of addresses
  endpoints: '<circle cx="5" cy="6" r="1.8"/><circle cx="5" cy="12" r="1.8"/><circle cx="5" cy="18" r="1.8"/><path d="M9.5 6H20M9.5 12H20M9.5 18H20"/>',
  // a shield: NetworkPolicy
  policy: '<path d="M12 3l7.5 3v5.5c0 4.6-3.2 8.3-7.5 9.5-4.3-1.2-7.5-4.9-7.5-9.5V6z"/><path d="M9 12l2.2 2.2L15.5 10"/>',
  // a box growing both ways: HorizontalPodAutoscaler
  hpa: '<rect x="8" y="8" width="8" height="8" rx="1.5"/><path d="M2.5 12h3.5M18 12h3.5M4.5 9.5L2.5 12l2 2.5M19.5 9.5l2 2.5-2 2.5"/>',
  // a page of settings: ConfigMap, Secret
  config: '<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4M9 12h6M9 16h6"/>',
  // a box rolling forward: Deployment
  deployment: '<rect x="4" y="4" width="16" height="16" rx="2"/><path d="M8 12h8M13 9l3 3-3 3"/>',
  // Pods with their own identity, each with its own name tag: StatefulSet
  statefulset: '<rect x="3" y="3.5" width="7" height="7" rx="1.2"/><rect x="3" y="13.5" width="7" height="7" rx="1.2"/><path d="M13.5 5h4M13.5 8.5h7M13.5 15h4M13.5 18.5h7"/>',
  // a gauge above its floor: PodDisruptionBudget
  budget: '<path d="M4 16.5a8 8 0 1 1 16 0"/><path d="M12 16.5l4-5M4 20h16"/>',
  // one Pod on each node's rail: DaemonSet
  daemonset: '<rect x="3" y="4" width="5" height="5" rx="1"/><rect x="9.5" y="4" width="5" height="5" rx="1"/><rect x="16" y="4" width="5" height="5" rx="1"/><path d="M5.5 9v4.5M12 9v4.5M18.5 9v4.5M3 13.5h18M3 18.5h18"/>',
  // a task ticked off, run to completion: Job
  job: '<rect x="4" y="4" width="16" height="16" rx="2"/><path d="M8.5 12.5l2.5 2.5 5-5.5"/>',
  // a calendar with a clock hand, a Job on a schedule: CronJob
  cronjob: '<rect x="3.5" y="5" width="17" height="15.5" rx="2"/><path d="M3.5 9.5h17M8 3v4M16 3v4M12 12.5v3.2l2.2 1.3"/>',
  // a disk: PersistentVolumeClaim, PersistentVolume
  volume: '<rect x="3" y="13" width="18" height="7" rx="2"/><path d="M5 13l2.5-8h9L19 13M7 16.5h.01M10.5 16.5h6"/>',
  // a dashed boundary round what is inside it: Namespace (as in the Kubernetes icon set)
  namespace: '<rect x="3" y="4" width="18" height="16" rx="2" stroke-dasharray="3 2.6"/><rect x="7" y="9" width="4" height="6" rx="0.8"/><rect x="13" y="9" width="4" height="6" rx="0.8"/>',
  // a person with a machine's badge: ServiceAccount (an identity for software)
  serviceaccount: '<circle cx="10" cy="8" r="3.8"/><path d="M3 20.5a7 7 0 0 1 10.5-6.06"/><rect x="14.5" y="14" width="7" height="7" rx="1.2"/><path d="M16.5 17.5h3"/>',
  // a page of rules, each ticked: Role, ClusterRole
  role: '<rect x="4.5" y="3" width="15" height="18" rx="2"/><path d="M7.5 8l1.2 1.2L11 7M7.5 14l1.2 1.2L11 13M13.5 8.2h3M13.5 14.2h3"/>',
  // two links of a chain: RoleBinding, ClusterRoleBinding (a subject bound to a role)
  binding: '<path d="M10.5 13.5a3.5 3.5 0 0 0 5 0l3-3a3.5 3.5 0 0 0-5-5l-1.2 1.2"/><path d="M13.5 10.5a3.5 3.5 0 0 0-5 0l-3 3a3.5 3.5 0 0 0 5 5l1.2-1.2"/>',
  ingress: '<path d="M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4"/><path d="M3 12h11M10 8l4 4-4 4"/>',
  // a machine
  node: '<rect x="3" y="4" width="18" height="12" rx="2"/><path d="M8.5 20h7M12 16v4"/>',
  // the helm wheel
  'control-plane': '<circle cx="12" cy="12" r="8"/><circle cx="12" cy="12" r="2.5"/><path d="M12 4v5.5M12 14.5V20M4 12h5.5M14.5 12H20M6.3 6.3l3.9 3.9M13.8 13.8l3.9 3.9M6.3 17.7l3.9-3.9M13.8 10.2l3.9-3.9"/>',
  user: '<circle cx="12" cy="8" r="4"/><path d="M4.5 20.5a7.5 7.5 0 0 1 15 0"/>',
  internet: '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.5 2.6 3.75 5.6 3.75 9S14.5 18.4 12 21M12 3C9.5 5.6 8.25 8.6 8.25 12S9.5 18.4 12 21"/>',
  'load-balancer': '<circle cx="12" cy="5" r="2.5"/><path d="M12 7.5V12M5 17v-5h14v5M12 12v5"/><circle cx="5" cy="19" r="2"/><circle cx="12" cy="19" r="2"/><circle cx="19" cy="19" r="2"/>',
  git: '<circle cx="6.5" cy="5" r="2.2"/><circle cx="6.5" cy="19" r="2.2"/><circle cx="17.5" cy="8" r="2.2"/><path d="M6.5 7.2v9.6M17.5 10.2c0 4.3-6.5 3.3-10.2 6.9"/>',
  // an image store: a drawer of layers
  registry: '<rect x="3" y="4" width="18" height="5" rx="1.2"/><path d="M4.5 9v9.5a1.5 1.5 0 0 0 1.5 1.5h12a1.5 1.5 0 0 0 1.5-1.5V9M10 13h4"/>',
  // a signpost: names to addresses
  dns: '<path d="M12 3v18M5.5 5.5h11l2.5 2.75-2.5 2.75h-11zM18.5 13h-11L5 15.75l2.5 2.75h11z"/>',
  metrics: '<path d="M4 20h16M7 16.5v-5M12 16.5V6.5M17 16.5v-8"/>',
  cni: '<circle cx="6" cy="6" r="2.2"/><circle cx="18" cy="6" r="2.2"/><circle cx="6" cy="18" r="2.2"/><circle cx="18" cy="18" r="2.2"/><path d="M8.2 6h7.6M6 8.2v7.6M18 8.2v7.6M8.2 18h7.6M7.6 7.6l8.8 8.8"/>',
  decision: '<path d="M12 3l9 9-9 9-9-9z"/><path d="M12 8.5v4M12 15.5h.01"/>',
  start: '<circle cx="12" cy="12" r="9"/><path d="M10 8.5v7l5.5-3.5z"/>',
  end: '<circle cx="12" cy="12" r="9"/><rect x="9" y="9" width="6" height="6" rx="1"/>',
  none: '',
};

/** `<symbol>` definitions for the icons in use, sorted by name for stable output. */
export function iconSymbols(used: Iterable<IconName>, prefix: string, strokeWidth: number): string {
  const names = [...new Set(used)].filter((n) => n !== 'none').sort();
  return names
    .map(
      (n) =>
        `<symbol id="${prefix}-icon-${n}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="${strokeWidth}" stroke-linecap="round" stroke-linejoin="round">${ICON_PATHS[n]}</symbol>`,
    )
    .join('');
}

/** A reference to an icon symbol, drawn `size` px wide at (x, y) in `color`. */
export function iconUse(name: IconName, prefix: string, x: number, y: number, size: number, color: string): string {
  if (name === 'none') return '';
  return `<use href="#${prefix}-icon-${name}" x="${x}" y="${y}" width="${size}" height="${size}" color="${color}"/>`;
}
