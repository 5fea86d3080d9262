/**
 * `kubectl describe` of Ingress, IngressClass, NetworkPolicy, Endpoints and
 * EndpointSlice (k8s.io/kubectl pkg/describe/describe.go, 1.31:
 * IngressDescriber.describeIngressV1 and describeBackendV1,
 * describeIngressClassV1, describeNetworkPolicy and
 * describeNetworkPolicySpec, describeEndpoints, describeEndpointSliceV1).
 * The Events table is added by the caller (./describe.ts); NetworkPolicy has none.
 */
import type { KubeObjectLike } from './types.ts';
import { DescribeWriter, printAnnotationsMultiline, printLabelsMultiline } from './describe-common.ts';
import { selectorString } from './describe-workloads.ts';
import { asArray, asDict, asNumber, asString, spec, status, type Dict } from './format.ts';

/** metav1.FormatLabelSelector: the selector's String(), `<none>` when empty. */
export function formatSelector(sel: unknown): string {
  const s = selectorString(sel);
  return s === '' ? '<none>' : s;
}

/** metav1.Time's String() (time.Time.String) in UTC: `2025-01-01 00:00:00 +0000 UTC`. */
export function goTimeString(timestamp: string | undefined): string {
  const d = new Date(timestamp ?? '');
  if (timestamp === undefined || Number.isNaN(d.getTime())) return '0001-01-01 00:00:00 +0000 UTC';
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const ms = d.getUTCMilliseconds();
  const frac = ms === 0 ? '' : `.${p(ms, 3)}`.replace(/0+$/, '');
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} +0000 UTC`;
}

/** net.JoinHostPort. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * formatEndpointSlices: up to three `address:port` of the slices' endpoints
 * for the named ports (`ports` undefined: all), `+ N more...` after them;
 * a slice without ports lists bare addresses; no slice at all: `<none>`.
 */
export function formatEndpointSlices(slices: readonly KubeObjectLike[], ports: ReadonlySet<string> | undefined): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const endpoints = asArray(slice.endpoints).map(asDict);
    const slicePorts = asArray(slice.ports).map(asDict);
    if (slicePorts.length === 0) {
      for (const ep of endpoints) {
        if (list.length === max) more = true;
        if (!more) list.push(asString(asArray(ep.addresses)[0]));
        count++;
      }
      continue;
    }
    for (const port of slicePorts) {
      if (ports !== undefined && !ports.has(asString(port.name))) continue;
      for (const ep of endpoints) {
        if (list.length === max) more = true;
        if (!more) list.push(joinHostPort(asString(asArray(ep.addresses)[0]), asNumber(port.port)));
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** What describe ingress reads besides the Ingress: the namespace's Services and EndpointSlices. */
export interface IngressRelated {
  services: readonly KubeObjectLike[];
  endpointSlices: readonly KubeObjectLike[];
}

/** serviceBackendStringer: `name:port` (the port number, else its name). */
function serviceBackendString(svc: Dict): string {
  const port = asDict(svc.port);
  const number = asNumber(port.number);
  return `${asString(svc.name)}:${number !== 0 ? number : asString(port.name)}`;
}

/** IngressDescriber.describeBackendV1: `svc:port (endpoints)`, or a resource backend's group, kind and name. */
function describeBackend(backend: Dict, ns: string, related: IngressRelated): string {
  if (backend.service !== undefined) {
    const svcRef = asDict(backend.service);
    const sb = serviceBackendString(svcRef);
    const name = asString(svcRef.name);
    // The EndpointSlices listed by the label kubernetes.io/service-name (in name order, as the API server lists them).
    const slices = related.endpointSlices
      .filter((s) => (s.metadata.namespace ?? '') === ns && s.metadata.labels?.['kubernetes.io/service-name'] === name)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    const svc = related.services.find((s) => (s.metadata.namespace ?? '') === ns && s.metadata.name === name);
    if (!svc) return `${sb} (<error: services "${name}" not found>)`;
    const port = asDict(svcRef.port);
    let spName = '';
    for (const sp of asArray(spec(svc).ports).map(asDict)) {
      if (asNumber(port.number) !== 0 && asNumber(port.number) === asNumber(sp.port)) spName = asString(sp.name);
      else if (asString(port.name) !== '' && asString(port.name) === asString(sp.name)) spName = asString(sp.name);
    }
    return `${sb} (${formatEndpointSlices(slices, new Set([spName]))})`;
  }
  if (backend.resource !== undefined) {
    const r = asDict(backend.resource);
    const group = r.apiGroup === undefined ? '<none>' : asString(r.apiGroup);
    return `APIGroup: ${group}, Kind: ${asString(r.kind)}, Name: ${asString(r.name)}`;
  }
  return '';
}

/** ingressLoadBalancerStatusStringerV1 (wide): the IPs, else hostnames, sorted and de-duplicated. */
function ingressAddress(ing: KubeObjectLike): string {
  const set = new Set<string>();
  for (const i of asArray(asDict(status(ing).loadBalancer).ingress).map(asDict)) {
    if (asString(i.ip) !== '') set.add(asString(i.ip));
    else if (asString(i.hostname) !== '') set.add(asString(i.hostname));
  }
  return [...set].sort().join(',');
}

export function describeIngress(w: DescribeWriter, ing: KubeObjectLike, related: IngressRelated): void {
  const sp = spec(ing);
  const ns = ing.metadata.namespace ?? '';
  w.write(0, `Name:\t${ing.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ing.metadata.labels);
  w.write(0, `Namespace:\t${ns}\n`);
  w.write(0, `Address:\t${ingressAddress(ing)}\n`);
  w.write(0, `Ingress Class:\t${sp.ingressClassName === undefined ? '<none>' : asString(sp.ingressClassName)}\n`);
  const def = sp.defaultBackend === undefined ? '<default>' : describeBackend(asDict(sp.defaultBackend), ns, related);
  w.write(0, `Default backend:\t${def}\n`);
  const tls = asArray(sp.tls).map(asDict);
  if (tls.length > 0) {
    w.write(0, 'TLS:\n');
    for (const t of tls) {
      const hosts = asArray(t.hosts).map((h) => asString(h)).join(',');
      if (asString(t.secretName) === '') w.write(1, `SNI routes ${hosts}\n`);
      else w.write(1, `${asString(t.secretName)} terminates ${hosts}\n`);
    }
  }
  w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of asArray(sp.rules).map(asDict)) {
    if (rule.http === undefined) continue;
    count++;
    const host = asString(rule.host) === '' ? '*' : asString(rule.host);
    w.write(1, `${host}\t\n`);
    for (const path of asArray(asDict(rule.http).paths).map(asDict)) {
      w.write(2, `\t${asString(path.path)} \t${describeBackend(asDict(path.backend), ns, related)}\n`);
    }
  }
  if (count === 0) w.write(1, `*\t*\t${def}\n`);
  printAnnotationsMultiline(w, 'Annotations', ing.metadata.annotations);
}

export function describeIngressClass(w: DescribeWriter, ic: KubeObjectLike): void {
  const sp = spec(ic);
  w.write(0, `Name:\t${ic.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ic.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ic.metadata.annotations);
  w.write(0, `Controller:\t${asString(sp.controller)}\n`);
  if (sp.parameters !== undefined) {
    const p = asDict(sp.parameters);
    w.write(0, 'Parameters:\n');
    if (p.apiGroup !== undefined) w.write(1, `APIGroup:\t${asString(p.apiGroup)}\n`);
    w.write(1, `Kind:\t${asString(p.kind)}\n`);
    w.write(1, `Name:\t${asString(p.name)}\n`);
  }
}

/** `%s` of a NetworkPolicyPort's *IntOrString port: the number or the name; `<nil>` when unset. */
function intOrStringPtr(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  return typeof v === 'number' ? String(v) : asString(v);
}

/** printNetworkPolicySpecIngressFrom / printNetworkPolicySpecEgressTo. */
function printPeers(w: DescribeWriter, rules: Dict[], dir: 'ingress' | 'egress', indent: string): void {
  const peerKey = dir === 'ingress' ? 'from' : 'to';
  const peerTitle = dir === 'ingress' ? 'From' : 'To';
  if (rules.length === 0) {
    w.write(0, `${indent}<none> (Selected pods are isolated for ${dir} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    const ports = asArray(rule.ports).map(asDict);
    if (ports.length === 0) w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const port of ports) {
      const proto = port.protocol === undefined ? 'TCP' : asString(port.protocol);
      if (port.endPort === undefined) w.write(0, `${indent}To Port: ${intOrStringPtr(port.port)}/${proto}\n`);
      else w.write(0, `${indent}To Port Range: ${intOrStringPtr(port.port)}-${asNumber(port.endPort)}/${proto}\n`);
    }
    const peers = asArray(rule[peerKey]).map(asDict);
    if (peers.length === 0) {
      w.write(0, `${indent}${peerTitle}: <any> (traffic not restricted by ${dir === 'ingress' ? 'source' : 'destination'})\n`);
    }
    for (const peer of peers) {
      w.write(0, `${indent}${peerTitle}:\n`);
      if (peer.podSelector !== undefined && peer.namespaceSelector !== undefined) {
        w.write(1, `${indent}NamespaceSelector: ${formatSelector(peer.namespaceSelector)}\n`);
        w.write(1, `${indent}PodSelector: ${formatSelector(peer.podSelector)}\n`);
      } else if (peer.podSelector !== undefined) {
        w.write(1, `${indent}PodSelector: ${formatSelector(peer.podSelector)}\n`);
      } else if (peer.namespaceSelector !== undefined) {
        w.write(1, `${indent}NamespaceSelector: ${formatSelector(peer.namespaceSelector)}\n`);
      } else if (peer.ipBlock !== undefined) {
        const block = asDict(peer.ipBlock);
        w.write(1, `${indent}IPBlock:\n`);
        w.write(2, `${indent}CIDR: ${asString(block.cidr)}\n`);
        w.write(2, `${indent}Except: ${asArray(block.except).map((x) => asString(x)).join(', ')}\n`);
      }
    }
    if (i !== rules.length - 1) w.write(0, `${indent}----------\n`);
  });
}

/** describeNetworkPolicy: no Events section (NetworkPolicyDescriber does not search them). */
export function describeNetworkPolicy(w: DescribeWriter, np: KubeObjectLike): void {
  const sp = spec(np);
  w.write(0, `Name:\t${np.metadata.name}\n`);
  w.write(0, `Namespace:\t${np.metadata.namespace ?? ''}\n`);
  w.write(0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', np.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', np.metadata.annotations);
  w.write(0, 'Spec:\n');
  // PrefixWriter indents every write, mid-line ones included: "PodSelector: " then four spaces.
  w.write(1, 'PodSelector: ');
  const podSelector = asDict(sp.podSelector);
  if (Object.keys(asDict(podSelector.matchLabels)).length === 0 && asArray(podSelector.matchExpressions).length === 0) {
    w.write(2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
  } else {
    w.write(2, `${formatSelector(podSelector)}\n`);
  }
  const types = asArray(sp.policyTypes).map((t) => asString(t));
  if (types.includes('Ingress')) {
    w.write(1, 'Allowing ingress traffic:\n');
    printPeers(w, asArray(sp.ingress).map(asDict), 'ingress', '    ');
  } else {
    w.write(1, 'Not affecting ingress traffic\n');
  }
  if (types.includes('Egress')) {
    w.write(1, 'Allowing egress traffic:\n');
    printPeers(w, asArray(sp.egress).map(asDict), 'egress', '    ');
  } else {
    w.write(1, 'Not affecting egress traffic\n');
  }
  w.write(1, `Policy Types: ${types.length > 0 ? types.join(', ') : '<none>'}\n`);
}

export function describeEndpoints(w: DescribeWriter, ep: KubeObjectLike): void {
  w.write(0, `Name:\t${ep.metadata.name}\n`);
  w.write(0, `Namespace:\t${ep.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ep.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
  w.write(0, 'Subsets:\n');
  for (const subset of asArray(ep.subsets).map(asDict)) {
    const ips = (key: string) => asArray(subset[key]).map((a) => asString(asDict(a).ip)).join(',') || '<none>';
    w.write(1, `Addresses:\t${ips('addresses')}\n`);
    w.write(1, `NotReadyAddresses:\t${ips('notReadyAddresses')}\n`);
    const ports = asArray(subset.ports).map(asDict);
    if (ports.length > 0) {
      w.write(1, 'Ports:\n');
      w.write(2, 'Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const p of ports) w.write(2, `${asString(p.name) || '<unset>'}\t${asNumber(p.port)}\t${asString(p.protocol)}\n`);
    }
    w.write(0, '\n');
  }
}

export function describeEndpointSlice(w: DescribeWriter, eps: KubeObjectLike): void {
  w.write(0, `Name:\t${eps.metadata.name}\n`);
  w.write(0, `Namespace:\t${eps.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', eps.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', eps.metadata.annotations);
  w.write(0, `AddressType:\t${asString(eps.addressType)}\n`);
  const ports = asArray(eps.ports).map(asDict);
  if (ports.length === 0) w.write(0, 'Ports: <unset>\n');
  else {
    w.write(0, 'Ports:\n');
    w.write(1, 'Name\tPort\tProtocol\n');
    w.write(1, '----\t----\t--------\n');
    for (const p of ports) {
      const name = asString(p.name) || '<unset>';
      const port = p.port === undefined || p.port === null ? '<unset>' : String(asNumber(p.port));
      w.write(1, `${name}\t${port}\t${asString(p.protocol)}\n`);
    }
  }
  const endpoints = asArray(eps.endpoints).map(asDict);
  if (endpoints.length === 0) {
    w.write(0, 'Endpoints: <none>\n');
    return;
  }
  w.write(0, 'Endpoints:\n');
  for (const ep of endpoints) {
    w.write(1, `- Addresses:\t${asArray(ep.addresses).map((a) => asString(a)).join(', ') || '<none>'}\n`);
    w.write(2, 'Conditions:\n');
    const ready = asDict(ep.conditions).ready;
    w.write(3, `Ready:\t${typeof ready === 'boolean' ? String(ready) : '<unset>'}\n`);
    w.write(2, `Hostname:\t${ep.hostname === undefined ? '<unset>' : asString(ep.hostname)}\n`);
    if (ep.targetRef !== undefined) w.write(2, `TargetRef:\t${asString(asDict(ep.targetRef).kind)}/${asString(asDict(ep.targetRef).name)}\n`);
    w.write(2, `NodeName:\t${ep.nodeName === undefined ? '<unset>' : asString(ep.nodeName)}\n`);
    w.write(2, `Zone:\t${ep.zone === undefined ? '<unset>' : asString(ep.zone)}\n`);
  }
}
