/**
 * The layer rules of src/ (docs/architecture.md, "Layers of the cluster
 * model"). Checked by test/architecture/layers.test.ts and `npm run deps`.
 *
 * src/cluster, from the bottom up; a layer imports only from the layers
 * below it (and from src/common, src/scenario, src/trace):
 *   core/            pure Kubernetes logic and object types (no clock, no world)
 *   kernel/          simulated time, etcd and its Raft quorum
 *   apiserver/       the API server: handler chain, storage, watch cache
 *   components/      controllers, scheduler, kubelet, kube-proxy, DNS, cloud,
 *                    ingress (each with its wiring), and the World they share
 *   kubectl/         command lines → API requests and kubectl's output
 *   boot/            builds a running cluster from the scenario's ClusterSpec
 *   steps/           step handlers, faults, traffic, expect, the outcome
 *   index.ts         simulate()
 *   simplifications/ every documented simplification (imports nothing of the model;
 *                    src/scenario reads it too, to warn with the same texts)
 */
const CLUSTER = '^src/cluster/';
const LAYERS = ['core', 'kernel', 'apiserver', 'components', 'kubectl', 'boot', 'steps'];

/** `layer` may not import any layer above it, nor simulate() (src/cluster/index.ts). */
function upward(layer, i) {
  const above = LAYERS.slice(i + 1);
  return {
    name: `layer-${layer}`,
    comment: `src/cluster/${layer}/ imports only from the layers below it (${LAYERS.slice(0, i).join(', ') || 'none'}); it may not import ${above.join(', ') || 'nothing above'} or index.ts.`,
    severity: 'error',
    from: { path: `${CLUSTER}${layer}/` },
    to: { path: above.length > 0 ? `${CLUSTER}(?:(?:${above.join('|')})/|index\\.ts$)` : `${CLUSTER}index\\.ts$` },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circles anywhere in src/ (a circle makes module order matter and the layers meaningless).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...LAYERS.map(upward),
    {
      name: 'cluster-loose-files',
      comment: 'The root of src/cluster holds only index.ts (simulate); everything else lives in a layer folder.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: `${CLUSTER}[^/]+\\.ts$`, pathNot: `${CLUSTER}index\\.ts$` },
    },
    {
      name: 'simplifications-are-leaves',
      comment: 'src/cluster/simplifications/ is text about the model; it imports nothing of the model itself.',
      severity: 'error',
      from: { path: `${CLUSTER}simplifications/` },
      to: { path: CLUSTER, pathNot: `${CLUSTER}simplifications/` },
    },
    {
      name: 'core-has-no-clock-or-world',
      comment: 'core/ is pure: it reads no clock, trace recorder or randomness.',
      severity: 'error',
      from: { path: `${CLUSTER}core/` },
      to: { path: '^src/(?:trace/recorder|common/prng|common/budget)\\.ts$' },
    },
    {
      name: 'model-below-views',
      comment: 'The cluster model produces traces; it never imports the views, layouts, renderers, build or CLI that consume them.',
      severity: 'error',
      from: { path: CLUSTER },
      to: { path: '^src/(?:views|layout|render|build|cli|explain)/' },
    },
    {
      name: 'cluster-entry-points',
      comment: 'Outside src/cluster only simulate() (index.ts), the step-failure diagnostic (steps/step-failure.ts) and the simplifications (a leaf: the scenario stage warns with the same texts the trace lists) are used.',
      severity: 'error',
      from: { path: '^src/', pathNot: CLUSTER },
      to: { path: CLUSTER, pathNot: `${CLUSTER}(?:(?:index|steps/step-failure)\\.ts$|simplifications/)` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(?:node_modules|dist|out)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
