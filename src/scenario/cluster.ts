/** `cluster:` → ClusterSpec, with defaults, node pools expanded and users completed. */
import type { Node } from 'yaml';
import type { ClusterSpec, GitOpsSpec, NodeSpec, ProxyMode, Taint, UserSpec } from './types.ts';
import { readDuration } from './steps.ts';
import { DEFAULT_PROFILE, KUBERNETES_PROFILES } from './kinds.ts';
import { tryParseQuantity } from './quantity.ts';
import { labelKeyError, labelValueError } from './selector.ts';
import {
  posOf,
  readBool,
  readEnum,
  readInt,
  readMap,
  readScalarText,
  readSeq,
  readString,
  readStringList,
  readFreeMap,
  type Entry,
  type ReadContext,
  type YNode,
} from './read.ts';

const DEFAULT_WORKERS = 3;
const PROXY_MODES: readonly ProxyMode[] = ['iptables', 'ipvs', 'nftables'];
const TAINT_EFFECTS: readonly Taint['effect'][] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const CLUSTER_KEYS = ['kubernetes', 'controlPlane', 'proxyMode', 'nodes', 'users', 'gitops', 'metricsServer'];
const NODE_KEYS = ['name', 'namePrefix', 'count', 'cpu', 'memory', 'pods', 'labels', 'taints', 'images', 'joins'];
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The labels kubelet puts on every node; the user's own labels win. */
function defaultNodeLabels(name: string): Record<string, string> {
  return { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' };
}

/** A node as the format defaults it: 4 CPUs, 8Gi, 110 pods. */
function defaultNode(name: string): NodeSpec {
  return {
    name,
    cpuMillis: 4000,
    memoryBytes: 8 * 2 ** 30,
    pods: 110,
    labels: defaultNodeLabels(name),
    taints: [],
    images: [],
  };
}

export function defaultCluster(): ClusterSpec {
  return {
    kubernetes: DEFAULT_PROFILE,
    controlPlane: { apiServers: 1, etcd: 1 },
    proxyMode: 'iptables',
    nodes: Array.from({ length: DEFAULT_WORKERS }, (_, i) => defaultNode(`worker-${i + 1}`)),
    users: [{ name: 'admin', groups: ['system:masters'] }],
  };
}

export function readCluster(ctx: ReadContext, node: YNode, text: string): ClusterSpec {
  const cluster = defaultCluster();
  const m = readMap(ctx, node, 'cluster', CLUSTER_KEYS);
  if (!m) return cluster;
  const k8s = m.get('kubernetes');
  if (k8s) cluster.kubernetes = readProfile(ctx, k8s.value, text) ?? cluster.kubernetes;
  const cp = m.get('controlPlane');
  if (cp) cluster.controlPlane = readControlPlane(ctx, cp.value);
  const proxy = m.get('proxyMode');
  if (proxy) cluster.proxyMode = readEnum(ctx, proxy.value, 'cluster.proxyMode', PROXY_MODES) ?? cluster.proxyMode;
  const nodes = m.get('nodes');
  if (nodes) cluster.nodes = readNodes(ctx, nodes.value, text);
  const users = m.get('users');
  if (users) cluster.users = readUsers(ctx, users.value);
  const metrics = m.get('metricsServer');
  if (metrics && readBool(ctx, metrics.value, 'cluster.metricsServer') === false) cluster.metricsServer = false;
  const gitops = m.get('gitops');
  if (gitops) {
    const g = readGitOps(ctx, gitops.value);
    if (g) cluster.gitops = g;
  }
  return cluster;
}

function readProfile(ctx: ReadContext, node: YNode, text: string): string | undefined {
  const v = readScalarText(ctx, node, 'cluster.kubernetes', text);
  if (v === undefined) return undefined;
  const normalized = v.replace(/^v/, '');
  if ((KUBERNETES_PROFILES as readonly string[]).includes(normalized)) return normalized;
  ctx.diags.error(
    ctx.src,
    node,
    'unsupported-kubernetes',
    `cluster.kubernetes: version "${v}" is not supported`,
    `supported versions: ${KUBERNETES_PROFILES.join(', ')}`,
  );
  return undefined;
}

/** `cluster.gitops: { repo, path, interval, selfHeal, prune }`. */
function readGitOps(ctx: ReadContext, node: YNode): GitOpsSpec | undefined {
  const m = readMap(ctx, node, 'cluster.gitops', ['repo', 'path', 'interval', 'selfHeal', 'prune']);
  if (!m) return undefined;
  const repoEntry = m.get('repo');
  if (!repoEntry) {
    ctx.diags.error(ctx.src, node as Node, 'missing-key', 'cluster.gitops: "repo" is required', 'name the repository, e.g. repo: https://github.com/example/shop-config');
    return undefined;
  }
  const repo = readString(ctx, repoEntry.value, 'cluster.gitops.repo');
  if (repo === undefined) return undefined;
  const out: GitOpsSpec = { repo, path: '.', interval: 180_000, selfHeal: true, prune: true };
  const path = m.get('path');
  if (path) out.path = (readString(ctx, path.value, 'cluster.gitops.path') ?? '.').replace(/^\.\/|\/$/g, '') || '.';
  const interval = m.get('interval');
  if (interval) out.interval = readDuration(ctx, interval.value, 'cluster.gitops.interval') ?? out.interval;
  const selfHeal = m.get('selfHeal');
  if (selfHeal) out.selfHeal = readBool(ctx, selfHeal.value, 'cluster.gitops.selfHeal') ?? true;
  const prune = m.get('prune');
  if (prune) out.prune = readBool(ctx, prune.value, 'cluster.gitops.prune') ?? true;
  return out;
}

function readControlPlane(ctx: ReadContext, node: YNode): ClusterSpec['controlPlane'] {
  const out = { apiServers: 1, etcd: 1 };
  const m = readMap(ctx, node, 'cluster.controlPlane', ['apiServers', 'etcd']);
  if (!m) return out;
  const api = m.get('apiServers');
  if (api) out.apiServers = readInt(ctx, api.value, 'cluster.controlPlane.apiServers', { min: 1, max: 9 }) ?? 1;
  const etcd = m.get('etcd');
  if (etcd) out.etcd = readInt(ctx, etcd.value, 'cluster.controlPlane.etcd', { min: 1, max: 9 }) ?? 1;
  return out;
}

function readNodes(ctx: ReadContext, node: YNode, text: string): NodeSpec[] {
  const items = readSeq(ctx, node, 'cluster.nodes');
  if (!items) return defaultCluster().nodes;
  const out: NodeSpec[] = [];
  const seen = new Map<string, Node>();
  items.forEach((item, i) => {
    for (const spec of readNodeEntry(ctx, item, `cluster.nodes[${i}]`, text)) {
      if (seen.has(spec.name)) {
        ctx.diags.error(ctx.src, item, 'duplicate-node', `cluster.nodes[${i}]: duplicate node name "${spec.name}"`);
        continue;
      }
      seen.set(spec.name, item);
      out.push(spec);
    }
  });
  return out;
}

/** One `nodes:` entry: a single node (`name`) or a pool (`namePrefix` + `count`). */
function readNodeEntry(ctx: ReadContext, item: Node, path: string, text: string): NodeSpec[] {
  const m = readMap(ctx, item, path, NODE_KEYS);
  if (!m) return [];
  const base = defaultNode('');
  base.pos = posOf(ctx, item);
  const cpu = m.get('cpu');
  if (cpu) base.cpuMillis = readQuantity(ctx, cpu.value, `${path}.cpu`, text, 1000) ?? base.cpuMillis;
  const mem = m.get('memory');
  if (mem) base.memoryBytes = readQuantity(ctx, mem.value, `${path}.memory`, text, 1) ?? base.memoryBytes;
  const pods = m.get('pods');
  if (pods) base.pods = readInt(ctx, pods.value, `${path}.pods`, { min: 1 }) ?? base.pods;
  const labels = m.get('labels');
  const userLabels = labels ? readLabels(ctx, labels.value, `${path}.labels`) : {};
  const taints = m.get('taints');
  if (taints) base.taints = readTaints(ctx, taints.value, `${path}.taints`);
  const images = m.get('images');
  if (images) base.images = readStringList(ctx, images.value, `${path}.images`) ?? [];
  const joins = m.get('joins');
  if (joins && readEnum(ctx, joins.value, `${path}.joins`, ['boot', 'later'] as const) === 'later') base.joinsLater = true;

  const names = readNodeNames(ctx, item, m, path);
  return names.map((name) => ({
    ...base,
    name,
    labels: { ...defaultNodeLabels(name), ...userLabels },
    taints: base.taints.map((t) => ({ ...t })),
    images: [...base.images],
  }));
}

function readNodeNames(ctx: ReadContext, item: Node, m: Map<string, Entry>, path: string): string[] {
  const name = m.get('name');
  const prefix = m.get('namePrefix');
  const count = m.get('count');
  if (name && (prefix || count)) {
    ctx.diags.error(ctx.src, (prefix ?? count)?.keyNode, 'conflicting-keys', `${path}: use either "name" or "namePrefix" with "count", not both`);
    return [];
  }
  if (name) {
    const n = readString(ctx, name.value, `${path}.name`);
    return n !== undefined && checkNodeName(ctx, name.value, `${path}.name`, n) ? [n] : [];
  }
  if (!prefix || !count) {
    const missing = prefix ? 'count' : count ? 'namePrefix' : 'name';
    const hint = missing === 'name' ? 'a node needs "name", or "namePrefix" and "count" for a pool' : undefined;
    ctx.diags.error(ctx.src, item, 'missing-key', `${path}: missing required key "${missing}"`, hint);
    return [];
  }
  const p = readString(ctx, prefix.value, `${path}.namePrefix`);
  const c = readInt(ctx, count.value, `${path}.count`, { min: 1, max: 5000 });
  if (p === undefined || c === undefined) return [];
  const names = Array.from({ length: c }, (_, i) => `${p}${i + 1}`);
  return checkNodeName(ctx, prefix.value, `${path}.namePrefix`, names[0] as string) ? names : [];
}

function checkNodeName(ctx: ReadContext, node: YNode, path: string, name: string): boolean {
  if (name.length <= 253 && DNS1123_SUBDOMAIN.test(name)) return true;
  ctx.diags.error(
    ctx.src,
    node,
    'invalid-value',
    `${path}: "${name}" is not a valid node name`,
    'node names are lower-case DNS names: a-z, 0-9, "-" and ".", starting and ending with a letter or digit',
  );
  return false;
}

/** A quantity (string or number) in base units × scale (1000 for CPU millicores). */
function readQuantity(ctx: ReadContext, node: YNode, path: string, text: string, scale: number): number | undefined {
  const raw = readScalarText(ctx, node, path, text);
  if (raw === undefined) return undefined;
  const v = tryParseQuantity(raw);
  if (v === undefined || v <= 0) {
    ctx.diags.error(
      ctx.src,
      node,
      'invalid-quantity',
      `${path}: invalid quantity "${raw}"`,
      scale === 1000 ? 'CPU is written like 500m, 2 or 0.5' : 'memory is written like 512Mi, 8Gi or 1G',
    );
    return undefined;
  }
  return Math.ceil(Number((v * scale).toFixed(6)));
}

function readLabels(ctx: ReadContext, node: YNode, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readFreeMap(ctx, node, path) ?? []) {
    const keyErr = labelKeyError(e.key);
    if (keyErr) ctx.diags.error(ctx.src, e.keyNode, 'invalid-value', `${path}: ${keyErr}`);
    const v = readString(ctx, e.value, `${path}.${e.key}`);
    if (v === undefined) continue;
    const valueErr = labelValueError(v);
    if (valueErr) ctx.diags.error(ctx.src, e.value, 'invalid-value', `${path}.${e.key}: ${valueErr}`);
    else if (!keyErr) out[e.key] = v;
  }
  return out;
}

const TAINT = /^([^=:\s]+)(?:=([^:\s]*))?:(\S+)$/;

function readTaints(ctx: ReadContext, node: YNode, path: string): Taint[] {
  const items = readSeq(ctx, node, path);
  if (!items) return [];
  const out: Taint[] = [];
  items.forEach((item, i) => {
    const s = readString(ctx, item, `${path}[${i}]`);
    if (s === undefined) return;
    const t = parseTaint(s);
    if (typeof t === 'string') ctx.diags.error(ctx.src, item, 'invalid-taint', `${path}[${i}]: ${t}`, 'write taints as key=value:Effect or key:Effect, Effect one of NoSchedule, PreferNoSchedule, NoExecute');
    else out.push(t);
  });
  return out;
}

/** `key=value:Effect` or `key:Effect` (kubectl taint syntax); an error message otherwise. */
export function parseTaint(s: string): Taint | string {
  const m = TAINT.exec(s);
  if (!m) return `invalid taint "${s}"`;
  const effect = m[3] as string;
  if (!(TAINT_EFFECTS as readonly string[]).includes(effect)) return `invalid taint effect "${effect}" in "${s}"`;
  const key = m[1] as string;
  const keyErr = labelKeyError(key);
  if (keyErr) return keyErr.replace('label key', 'taint key');
  const t: Taint = { key, effect: effect as Taint['effect'] };
  if (m[2] !== undefined) {
    const valErr = labelValueError(m[2]);
    if (valErr) return valErr.replace('label value', 'taint value');
    t.value = m[2];
  }
  return t;
}

function readUsers(ctx: ReadContext, node: YNode): UserSpec[] {
  const admin: UserSpec = { name: 'admin', groups: ['system:masters'] };
  const out: UserSpec[] = [admin];
  const items = readSeq(ctx, node, 'cluster.users');
  if (!items) return out;
  items.forEach((item, i) => {
    const path = `cluster.users[${i}]`;
    const m = readMap(ctx, item, path, ['name', 'groups']);
    if (!m) return;
    const nameEntry = m.get('name');
    if (!nameEntry) {
      ctx.diags.error(ctx.src, item, 'missing-key', `${path}: missing required key "name"`);
      return;
    }
    const name = readString(ctx, nameEntry.value, `${path}.name`);
    const groupsEntry = m.get('groups');
    const groups = groupsEntry ? readStringList(ctx, groupsEntry.value, `${path}.groups`) ?? [] : [];
    if (name === undefined) return;
    if (name === 'admin') {
      // admin keeps system:masters; extra groups are added to it.
      for (const g of groups) if (!admin.groups.includes(g)) admin.groups.push(g);
      return;
    }
    if (out.some((u) => u.name === name)) {
      ctx.diags.error(ctx.src, nameEntry.value, 'duplicate-user', `${path}: duplicate user "${name}"`);
      return;
    }
    out.push({ name, groups });
  });
  return out;
}

