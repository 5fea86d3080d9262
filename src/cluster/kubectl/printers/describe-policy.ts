/**
 * `kubectl describe` of HorizontalPodAutoscaler (autoscaling/v2),
 * PodDisruptionBudget, PriorityClass, Namespace, ResourceQuota and
 * LimitRange (k8s.io/kubectl pkg/describe/describe.go, 1.31:
 * describeHorizontalPodAutoscalerV2 and printDirectionBehavior,
 * describePodDisruptionBudgetV1, describePriorityClass, describeNamespace
 * with DescribeResourceQuotas and DescribeLimitRanges, describeQuota,
 * describeLimitRange). The Events table is added by the caller
 * (./describe.ts); Namespace, ResourceQuota and LimitRange have none.
 */
import type { KubeObjectLike } from './types.ts';
import { DescribeWriter, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './describe-common.ts';
import { formatSelector } from './describe-network.ts';
import { asArray, asDict, asNumber, asString, formatLabels, spec, status, type Dict } from './format.ts';
import { quantityFormat, quantityString } from './quantity-string.ts';

/** A *resource.Quantity's String(): `<nil>` when unset. */
function quantityPtr(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : quantityString(v);
}

/** Go's %q of a metric name. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** The current metric at the same index as the spec's, if it is of that source (`key`). */
function current(currents: Dict[], i: number, key: string): Dict | undefined {
  const c = currents[i];
  return c !== undefined && c[key] !== undefined ? asDict(asDict(c[key]).current) : undefined;
}

function describeMetric(w: DescribeWriter, metric: Dict, i: number, currents: Dict[]): void {
  const type = asString(metric.type);
  switch (type) {
    case 'External': {
      const ext = asDict(metric.external);
      const target = asDict(ext.target);
      const name = goQuote(asString(asDict(ext.metric).name));
      const cur = current(currents, i, 'external');
      if (target.averageValue !== undefined) {
        const c = cur?.averageValue !== undefined ? quantityString(cur.averageValue) : '<unknown>';
        w.write(1, `${name} (target average value):\t${c} / ${quantityString(target.averageValue)}\n`);
      } else {
        const c = cur !== undefined ? quantityPtr(cur.value) : '<unknown>';
        w.write(1, `${name} (target value):\t${c} / ${quantityPtr(target.value)}\n`);
      }
      return;
    }
    case 'Pods': {
      const pods = asDict(metric.pods);
      const cur = current(currents, i, 'pods');
      const c = cur !== undefined ? quantityPtr(cur.averageValue) : '<unknown>';
      w.write(1, `${goQuote(asString(asDict(pods.metric).name))} on pods:\t${c} / ${quantityPtr(asDict(pods.target).averageValue)}\n`);
      return;
    }
    case 'Object': {
      const obj = asDict(metric.object);
      const described = asDict(obj.describedObject);
      const target = asDict(obj.target);
      const cur = current(currents, i, 'object');
      w.write(1, `"${asString(asDict(obj.metric).name)}" on ${asString(described.kind)}/${asString(described.name)} `);
      if (asString(target.type) === 'AverageValue') {
        const c = cur !== undefined ? quantityPtr(cur.averageValue) : '<unknown>';
        w.write(0, `(target average value):\t${c} / ${quantityPtr(target.averageValue)}\n`);
      } else {
        const c = cur !== undefined ? quantityPtr(cur.value) : '<unknown>';
        w.write(0, `(target value):\t${c} / ${quantityPtr(target.value)}\n`);
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const container = type === 'ContainerResource';
      const res = asDict(container ? metric.containerResource : metric.resource);
      const target = asDict(res.target);
      const cur = current(currents, i, container ? 'containerResource' : 'resource');
      w.write(1, container ? `resource ${asString(res.name)} of container "${asString(res.container)}" on pods` : `resource ${asString(res.name)} on pods`);
      if (target.averageValue !== undefined) {
        const c = cur !== undefined ? quantityPtr(cur.averageValue) : '<unknown>';
        w.write(0, `:\t${c} / ${quantityString(target.averageValue)}\n`);
      } else {
        const c = cur !== undefined && cur.averageUtilization !== undefined ? `${asNumber(cur.averageUtilization)}% (${quantityPtr(cur.averageValue)})` : '<unknown>';
        const t = target.averageUtilization !== undefined ? `${asNumber(target.averageUtilization)}%` : '<auto>';
        // kubectl writes this at LEVEL_1 in the middle of the line: two more spaces after "on pods".
        w.write(1, `(as a percentage of request):\t${c} / ${t}\n`);
      }
      return;
    }
    default:
      w.write(1, `<unknown metric type ${goQuote(type)}>\n`);
  }
}

function printDirectionBehavior(w: DescribeWriter, direction: string, rules: unknown): void {
  if (rules === undefined || rules === null) return;
  const r = asDict(rules);
  w.write(1, `${direction}:\n`);
  if (r.stabilizationWindowSeconds !== undefined) w.write(2, `Stabilization Window: ${asNumber(r.stabilizationWindowSeconds)} seconds\n`);
  const policies = asArray(r.policies).map(asDict);
  if (policies.length > 0) {
    w.write(2, `Select Policy: ${r.selectPolicy === undefined ? 'Max' : asString(r.selectPolicy)}\n`);
    w.write(2, 'Policies:\n');
    for (const p of policies) w.write(3, `- Type: ${asString(p.type)}\tValue: ${asNumber(p.value)}\tPeriod: ${asNumber(p.periodSeconds)} seconds\n`);
  }
}

export function describeHorizontalPodAutoscaler(w: DescribeWriter, hpa: KubeObjectLike): void {
  const sp = spec(hpa);
  const st = status(hpa);
  const ref = asDict(sp.scaleTargetRef);
  w.write(0, `Name:\t${hpa.metadata.name}\n`);
  w.write(0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
  w.write(0, `Reference:\t${asString(ref.kind)}/${asString(ref.name)}\n`);
  w.write(0, 'Metrics:\t( current / target )\n');
  const currents = asArray(st.currentMetrics).map(asDict);
  asArray(sp.metrics)
    .map(asDict)
    .forEach((m, i) => describeMetric(w, m, i, currents));
  w.write(0, `Min replicas:\t${sp.minReplicas === undefined ? '<unset>' : asNumber(sp.minReplicas)}\n`);
  w.write(0, `Max replicas:\t${asNumber(sp.maxReplicas)}\n`);
  if (sp.behavior !== undefined) {
    const b = asDict(sp.behavior);
    w.write(0, 'Behavior:\n');
    printDirectionBehavior(w, 'Scale Up', b.scaleUp);
    printDirectionBehavior(w, 'Scale Down', b.scaleDown);
  }
  w.write(0, `${asString(ref.kind)} pods:\t`);
  w.write(0, `${asNumber(st.currentReplicas)} current / ${asNumber(st.desiredReplicas)} desired\n`);
  const conditions = asArray(st.conditions).map(asDict);
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tReason\tMessage\n');
    w.write(1, '----\t------\t------\t-------\n');
    for (const c of conditions) w.write(1, `${asString(c.type)}\t${asString(c.status)}\t${asString(c.reason)}\t${asString(c.message)}\n`);
  }
}

/** IntOrString.String(). */
function intOrString(v: unknown): string {
  return typeof v === 'number' ? String(v) : asString(v);
}

export function describePodDisruptionBudget(w: DescribeWriter, pdb: KubeObjectLike): void {
  const sp = spec(pdb);
  const st = status(pdb);
  w.write(0, `Name:\t${pdb.metadata.name}\n`);
  w.write(0, `Namespace:\t${pdb.metadata.namespace ?? ''}\n`);
  if (sp.minAvailable !== undefined) w.write(0, `Min available:\t${intOrString(sp.minAvailable)}\n`);
  else if (sp.maxUnavailable !== undefined) w.write(0, `Max unavailable:\t${intOrString(sp.maxUnavailable)}\n`);
  w.write(0, `Selector:\t${sp.selector === undefined ? '<unset>' : formatSelector(sp.selector)}\n`);
  w.write(0, 'Status:\n');
  w.write(2, `Allowed disruptions:\t${asNumber(st.disruptionsAllowed)}\n`);
  w.write(2, `Current:\t${asNumber(st.currentHealthy)}\n`);
  w.write(2, `Desired:\t${asNumber(st.desiredHealthy)}\n`);
  w.write(2, `Total:\t${asNumber(st.expectedPods)}\n`);
}

export function describePriorityClass(w: DescribeWriter, pc: KubeObjectLike): void {
  w.write(0, `Name:\t${pc.metadata.name}\n`);
  w.write(0, `Value:\t${asNumber(pc.value)}\n`);
  w.write(0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
  // Defaulted by the API server (PreemptLowerPriority).
  w.write(0, `PreemptionPolicy:\t${asString(pc.preemptionPolicy, 'PreemptLowerPriority')}\n`);
  w.write(0, `Description:\t${asString(pc.description)}\n`);
  w.write(0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
}

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

function byName(a: KubeObjectLike, b: KubeObjectLike): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

function sortedKeys(d: Dict): string[] {
  return Object.keys(d).sort();
}

/** DescribeResourceQuotas (inside describe namespace). */
function describeResourceQuotas(w: DescribeWriter, quotas: readonly KubeObjectLike[]): void {
  if (quotas.length === 0) {
    w.write(0, 'No resource quota.\n');
    return;
  }
  w.write(0, 'Resource Quotas\n');
  for (const q of [...quotas].sort(byName)) {
    w.write(1, `Name:\t${q.metadata.name}\n`);
    const scopes = asArray(spec(q).scopes)
      .map((s) => asString(s))
      .sort();
    if (scopes.length > 0) {
      w.write(1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (SCOPE_HELP[s] !== undefined) w.write(1, `* ${SCOPE_HELP[s]}\n`);
    }
    w.write(1, 'Resource\tUsed\tHard\n');
    w.write(1, '--------\t---\t---\n');
    const hard = asDict(status(q).hard);
    const used = asDict(status(q).used);
    for (const r of sortedKeys(hard)) w.write(1, `${r}\t${quantityString(used[r] ?? '0')}\t${quantityString(hard[r])}\n`);
  }
}

/**
 * describeLimitRangeSpec. kubectl ranges over a Go map of resource names
 * (an order that changes from run to run); the model prints them sorted.
 */
function describeLimitRangeSpec(w: DescribeWriter, lr: KubeObjectLike, prefix: string): void {
  for (const item of asArray(spec(lr).limits).map(asDict)) {
    const cols = ['min', 'max', 'defaultRequest', 'default', 'maxLimitRequestRatio'].map((k) => asDict(item[k]));
    const names = [...new Set(cols.flatMap((c) => Object.keys(c)))].sort();
    for (const k of names) {
      const values = cols.map((c) => (c[k] === undefined ? '-' : quantityString(c[k])));
      w.write(0, `${prefix}${asString(item.type)}\t${k}\t${values.join('\t')}\n`);
    }
  }
}

const LIMIT_HEADER = 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n';
const LIMIT_RULE = '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n';

/** describeNamespace: no Events section; the namespace's quotas and limit ranges. */
export function describeNamespace(w: DescribeWriter, ns: KubeObjectLike, quotas: readonly KubeObjectLike[], limitRanges: readonly KubeObjectLike[]): void {
  const st = status(ns);
  w.write(0, `Name:\t${ns.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(0, `Status:\t${asString(st.phase)}\n`);
  const conditions = asArray(st.conditions).map(asDict);
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      const t = asString(c.lastTransitionTime);
      w.write(1, `${asString(c.type)}\t${asString(c.status)}\t${t === '' ? 'Mon, 01 Jan 0001 00:00:00 +0000' : rfc1123z(t)}\t${asString(c.reason)}\t${asString(c.message)}\n`);
    }
  }
  w.write(0, '\n');
  describeResourceQuotas(w, quotas);
  w.write(0, '\n');
  if (limitRanges.length === 0) {
    w.write(0, 'No LimitRange resource.\n');
    return;
  }
  w.write(0, `Resource Limits\n ${LIMIT_HEADER}`);
  w.write(0, ` ${LIMIT_RULE}`);
  for (const lr of limitRanges) describeLimitRangeSpec(w, lr, ' ');
}

export function describeLimitRange(w: DescribeWriter, lr: KubeObjectLike): void {
  w.write(0, `Name:\t${lr.metadata.name}\n`);
  w.write(0, `Namespace:\t${lr.metadata.namespace ?? ''}\n`);
  w.write(0, LIMIT_HEADER);
  w.write(0, LIMIT_RULE);
  describeLimitRangeSpec(w, lr, '');
}

/** describeQuota: a used quantity in another format than the hard one is shown in the hard one's. */
export function describeResourceQuota(w: DescribeWriter, q: KubeObjectLike): void {
  w.write(0, `Name:\t${q.metadata.name}\n`);
  w.write(0, `Namespace:\t${q.metadata.namespace ?? ''}\n`);
  const scopes = asArray(spec(q).scopes)
    .map((s) => asString(s))
    .sort();
  if (scopes.length > 0) {
    w.write(0, `Scopes:\t${scopes.join(', ')}\n`);
    for (const s of scopes) if (SCOPE_HELP[s] !== undefined) w.write(0, ` * ${SCOPE_HELP[s]}\n`);
  }
  w.write(0, 'Resource\tUsed\tHard\n');
  w.write(0, '--------\t----\t----\n');
  const hard = asDict(status(q).hard);
  const used = asDict(status(q).used);
  for (const r of sortedKeys(hard)) w.write(0, `${r}\t${quantityString(used[r] ?? '0', quantityFormat(hard[r]))}\t${quantityString(hard[r])}\n`);
}
