/** Where the model deliberately simplifies real Kubernetes; copied into every trace. */
export const SIMPLIFICATIONS: readonly string[] = [
  'Controllers, the scheduler, kubelets and kube-proxies show the API server handler chain (authentication, authorization, admission, validation) only for their first request of each kind; later requests of the same kind go through the same chain without recording its phases.',
  'The API server\'s watch cache is fed by an etcd watch; that stream is not shown, only the notifications the API server sends to its own watchers.',
  'Reads follow Kubernetes 1.31: a get without resourceVersion is a quorum (linearizable) read in etcd, shown with etcd\'s ReadIndex round when etcd has several members; a list without resourceVersion is served from the watch cache after a quorum read of etcd\'s current revision (ConsistentListFromCache). Below quorum both fail: the etcd client retries the read until the request deadline (60 s), shown as one event, and the API server answers 504. The watch cache has always caught up with that revision (no wait for a progress notification); no component sends resourceVersion=0 or paginated reads.',
  'Informers receive every change of their resource type; the trace shows a notification only when the receiving component acts on it or filters for it (e.g. a kubelet\'s fieldSelector spec.nodeName).',
  'Controllers read from a shared informer cache that is always up to date with the API server\'s watch cache (no informer lag).',
  'Node heartbeats (Lease renewals and node status updates) and leader election are not shown.',
  'The kubelet reports pod status once, when all containers run; the intermediate ContainerCreating status update is not shown. Containers without readiness probes are ready as soon as they start.',
  'kubectl\'s API discovery and OpenAPI downloads (cached on disk in real use) are not shown.',
  'Client-side `kubectl apply` computes its patch with a simplified three-way merge (lists merge by position, not by strategic-merge keys).',
  'The v1 Endpoints controller does not set the endpoints.kubernetes.io/last-change-trigger-time annotation. Where the EndpointSliceMirroring controller follows a Go map or set (the order of the slices it creates for hand-written Endpoints, of the endpoints in a slice), the model keeps the order of the repacked subsets: IPv4 before IPv6, addresses sorted by IP.',
  'The API servers\' master leases (etcd keys /registry/masterleases/<ip>, TTL 15 s, refreshed every 10 s) are not shown; an API server that goes down is removed from the `kubernetes` Endpoints and EndpointSlice 15 s later by another API server\'s endpoint reconciler.',
  'pod-template-hash is FNV-32a over canonical JSON of the pod template (Kubernetes hashes a Go struct dump), so hashes have the right shape but differ from a real cluster\'s.',
  'kubectl delete waits for the object to be gone by polling the API server\'s cache without recording those reads.',
  'Latencies are realistic orders of magnitude (API hop 2 ms, etcd write 3 ms, image pull proportional to size), not measurements; there is no jitter.',
  'With several API servers, every request goes to the first one.',
  'Every component records Events as client-go\'s core/v1 recorder does (one EventCorrelator per component: a repeat is a PATCH of count and lastTimestamp, 10 similar Events in 10 min are combined, 25 per object then 1 per 5 min), also the scheduler, which in real 1.31 uses events.k8s.io/v1 (a repeat becomes an EventSeries, sent on the 2nd occurrence and refreshed every 30 min). Events do not expire (no 1 h --event-ttl).',
  'kubectl describe lists the described object\'s Events through the API server but reads related ReplicaSets and Pods from the model\'s cache without recording those GETs.',
];

/** Added to a trace that ran a `load` step (src/cluster/steps/load.ts). */
export const LOAD_NOTE =
  'A load step sets the CPU each current pod of a workload uses; when the HPA changes the number of running pods, that total is spread evenly over them (a Service balancing the requests). metrics-server scrapes every kubelet every 15 s (--metric-resolution=15s in its deployment manifests; the binary\'s default is 60 s), but only the scrape that follows a load step is shown, and it answers for a running pod at once: a real metrics-server has no CPU rate for a pod before its second scrape, so new pods get metrics up to 30 s early here.';

/** Added to a trace that ran a node fault (src/cluster/steps/node-faults.ts). */
export const NODE_FAULT_NOTE =
  'A node fault partitions its kubelet from the control plane (its containers keep running). Node Lease renewals every 10 s are implied while a node is healthy, not recorded.';

export const NODE_DELETE_NOTE =
  'A deleted node (fault delete) is a machine removed: its kubelet stops and its Node object is deleted by the admin. The pod garbage collector\'s 20 s passes are shown only when one deletes pods (the pass after the 40 s quarantine).';

/** Added to a trace whose steps set background timers (src/cluster/components/timers.ts). */
export const TIMERS_NOTE =
  'Delayed work (crash back-offs, readiness probes, node-monitor and taint-eviction deadlines, HPA syncs every 15 s) fires only while the scenario lets time pass (advance, wait, kubectl rollout status); after other steps the model runs only until the cluster is quiet.';
