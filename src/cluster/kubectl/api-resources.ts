/**
 * `kubectl api-resources` (pkg/cmd/apiresources): discovery (`GET /api`,
 * `GET /apis`), then one line per resource the model serves, sorted by API
 * group then name, in the columns NAME SHORTNAMES APIVERSION NAMESPACED KIND
 * (`-o wide` adds VERBS and CATEGORIES, `-o name` prints `name.group`).
 * Filters: `--namespaced=true|false`, `--api-group=G`, `--no-headers`.
 * With metrics-server, `metrics.k8s.io` serves `nodes` and `pods`.
 */
import { metricsServerInstalled } from '../components/metrics-server.ts';
import { apiVersionOf, RESOURCES, type ResourceInfo } from '../core/resources.ts';
import { flag, hasFlag } from './args.ts';
import { GET_TABWRITER, tabwrite } from './printers/tabwriter.ts';
import { discover } from './raw.ts';
import type { Session } from './session.ts';

interface Row {
  name: string;
  shortNames: string[];
  group: string;
  apiVersion: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  categories: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
/** Kinds in kubectl's `all` category (`kubectl get all`). */
const ALL_CATEGORY = new Set(['Pod', 'Service', 'ReplicationController', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler']);

/** The built-in resources, metrics.k8s.io when metrics-server runs, and the custom resources of Established CRDs. */
export function servedResources(metrics: boolean, custom: readonly ResourceInfo[] = []): Row[] {
  const rows: Row[] = [...RESOURCES, ...custom].map((r) => ({
    name: r.resource,
    shortNames: r.shortNames,
    group: r.group,
    apiVersion: apiVersionOf(r),
    namespaced: r.namespaced,
    kind: r.kind,
    // Reviews serve only create (their registries implement rest.Creater alone).
    verbs: r.createOnly ? ['create'] : ALL_VERBS,
    categories: ALL_CATEGORY.has(r.kind) ? ['all'] : [],
  }));
  if (metrics) {
    rows.push({ name: 'nodes', shortNames: [], group: 'metrics.k8s.io', apiVersion: 'metrics.k8s.io/v1beta1', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'], categories: [] });
    rows.push({ name: 'pods', shortNames: [], group: 'metrics.k8s.io', apiVersion: 'metrics.k8s.io/v1beta1', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'], categories: [] });
  }
  // sortableResource with no --sort-by: by group, then by name (stable).
  return rows.sort((a, b) => (a.group !== b.group ? (a.group < b.group ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function runApiResources(s: Session): void {
  const output = flag(s.args, 'output') ?? '';
  if (output !== '' && output !== 'wide' && output !== 'name') {
    s.error(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: name,wide`);
    return s.finish(1);
  }
  const namespaced = flag(s.args, 'namespaced');
  const group = flag(s.args, 'api-group');
  discover(s, 'kubectl api-resources', () => {
    const rows = servedResources(metricsServerInstalled(s.w), s.w.api.customResources()).filter(
      (r) => (namespaced === undefined || String(r.namespaced) === namespaced) && (group === undefined || r.group === group),
    );
    if (output === 'name') {
      for (const r of rows) s.print(r.group ? `${r.name}.${r.group}` : r.name);
      return s.finish(0);
    }
    const wide = output === 'wide';
    let text = hasFlag(s.args, 'no-headers') ? '' : `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${wide ? '\tVERBS\tCATEGORIES' : ''}\n`;
    for (const r of rows) {
      text += `${r.name}\t${r.shortNames.join(',')}\t${r.apiVersion}\t${r.namespaced}\t${r.kind}${wide ? `\t${r.verbs.join(',')}\t${r.categories.join(',')}` : ''}\n`;
    }
    if (rows.length > 0) s.print(tabwrite(text, GET_TABWRITER).replace(/\n$/, ''));
    s.finish(0);
  });
}
