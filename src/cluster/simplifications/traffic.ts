/** Networking simplifications, added to a trace's list when a traffic step ran. */
export const TRAFFIC_SIMPLIFICATIONS: readonly string[] = [
  'Traffic: a packet passing a node\'s netfilter/IPVS rules is drawn as a hop through that node\'s kube-proxy (which programmed the rules); kube-proxy itself is not in the data path.',
  'Traffic: kube-proxy rules are computed from the API server\'s current Services and EndpointSlices at each sync; every connection is new (no conntrack state, so ClientIP affinity never applies), and random load-balancing choices come from the scenario\'s seed.',
  'Traffic: CoreDNS is one component answering for the kube-dns Service (10.96.0.10); the DNS packets\' own DNAT through kube-proxy and CoreDNS\'s watch of Services and EndpointSlices are not shown. NetworkPolicy egress rules apply to DNS queries (CoreDNS is a kube-system Pod labelled k8s-app=kube-dns).',
  'Traffic: the CNI plugin forwards between nodes and enforces NetworkPolicy (egress on the sending node, ingress on the receiving node); encapsulation and routing tables are not modelled.',
  'Traffic: ingress-nginx is one component on the first ready worker (its own Service and load balancer are not drawn); without IngressClass objects it serves every Ingress.',
  'Traffic: replies take one hop straight back to the client (conntrack reverses DNAT/SNAT); applications answer HTTP 200 on any port they are sent to, and other ports just reply.',
  'Traffic: the cloud-controller-manager provisions a load balancer in 3 s with addresses from 203.0.113.0/24 in order, and writes its status with kube-controller-manager\'s rights; ClusterIPs and NodePorts are a hash of the Service\'s namespace and name (stable across runs) instead of random.',
  'Traffic: a request to the API server (the `kubernetes` Service or an API server address, port 6443) is answered as an anonymous HTTPS client: 200 for /healthz, /livez, /readyz and /version, 403 Forbidden for any other path (no ServiceAccount token is sent, and the TLS handshake is not shown).',
  'Traffic: a client on the internet has the address 192.0.2.10; external names resolve to stable documentation addresses (198.51.100.0/24).',
];
