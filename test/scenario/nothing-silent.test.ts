/**
 * Nothing silent (issue 10): every built-in kind of the 1.31 API is served
 * (run, or stored with a warning), fields the model ignores are warned about
 * at the field, RuntimeClass admission refuses a pod naming a missing class,
 * and output formats the model does not print are caught before the run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/common/diagnostic.ts';
import { parseScenario } from '../../src/scenario/index.ts';
import { coverageGaps, kindSupport } from '../../src/scenario/coverage.ts';
import { lookupKind } from '../../src/scenario/kinds.ts';
import { hasSchema } from '../../src/scenario/schema.ts';
import { checkKubectlCommand } from '../../src/scenario/kubectl-commands.ts';
import { simulate } from '../../src/cluster/index.ts';

/**
 * GA (v1) kinds that kubernetes-models knows as top-level objects (they have a
 * `<Kind>List`) but that a 1.31 API server does not serve as a stored kind of
 * its own: events.k8s.io/v1 Event is the core Event under another group (the
 * model serves it as v1 Event); IPAddress and ServiceCIDR are v1beta1 in 1.31
 * (GA in 1.33).
 */
const NOT_1_31_STORED: ReadonlySet<string> = new Set(['events.k8s.io/v1/Event', 'networking.k8s.io/v1/IPAddress', 'networking.k8s.io/v1/ServiceCIDR']);

function gaKindsOfKubernetesModels(): { apiVersion: string; kind: string }[] {
  const root = dirname(createRequire(import.meta.url).resolve('kubernetes-models/package.json'));
  const out: { apiVersion: string; kind: string }[] = [];
  for (const group of readdirSync(root).sort()) {
    if (group.startsWith('_')) continue;
    const dir = group === 'v1' ? join(root, 'v1') : join(root, group, 'v1');
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const f of files.sort()) {
      const m = /^([A-Z]\w*)List\.js$/.exec(f);
      if (m?.[1] === undefined || !files.includes(`${m[1]}.js`)) continue;
      out.push({ apiVersion: group === 'v1' ? 'v1' : `${group}/v1`, kind: m[1] });
    }
  }
  return out;
}

describe('every built-in kind of the 1.31 API', () => {
  const kinds = gaKindsOfKubernetesModels().filter((k) => !NOT_1_31_STORED.has(`${k.apiVersion}/${k.kind}`));

  it('finds the GA kinds in kubernetes-models', () => {
    expect(kinds.length).toBeGreaterThan(45);
    expect(kinds).toContainEqual({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass' });
  });

  it.each(kinds.map((k) => [`${k.apiVersion} ${k.kind}`, k] as const))('%s is served, schema-checked, and in the coverage table', (_, k) => {
    expect(lookupKind(k.apiVersion, k.kind)).toBeDefined();
    expect(hasSchema(k.apiVersion, k.kind)).toBe(true);
    expect(kindSupport(k.kind)).toBeDefined();
  });
});

const cwd = process.cwd();

function load(files: string, steps: string) {
  const text = `kubescene: v1\nname: silent\nfiles:\n  app.yaml: |\n${files.replace(/^/gm, '    ')}\nsteps:\n${steps}`;
  const r = parseScenario(text, join(cwd, 'silent.yaml'), () => undefined);
  return r;
}

/** A P-256 request made with `openssl req -new` (the API server refuses one that does not parse or verify). */
const CSR_REQUEST = readFileSync('test/fixtures/csr/p256.csr').toString('base64');

describe('kinds the model only stores', () => {
  it.each([
    ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'webhooks: []'],
    ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'webhooks: []'],
    ['flowcontrol.apiserver.k8s.io/v1', 'PriorityLevelConfiguration', 'spec: {type: Limited, limited: {nominalConcurrencyShares: 5, limitResponse: {type: Reject}}}'],
    ['flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', 'spec: {priorityLevelConfiguration: {name: x}}'],
    ['certificates.k8s.io/v1', 'CertificateSigningRequest', `spec: {request: ${CSR_REQUEST}, signerName: example.com/x, usages: [digital signature]}`],
    ['apiregistration.k8s.io/v1', 'APIService', 'spec: {group: example.com, version: v1, groupPriorityMinimum: 100, versionPriority: 10}'],
  ])('%s %s: warned at validate, created at trace, listed under simplifications', (apiVersion, kind, body) => {
    const r = load(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${body}`, '  - kubectl: apply -f app.yaml\n');
    if (!r.ok) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n'));
    const warnings = r.warnings.map((d) => formatDiagnostic(d, { color: false }));
    expect(warnings.join('\n')).toContain(`warning[unmodelled-kind]: ${kind} "x"`);
    const trace = simulate(r.value);
    expect(trace.outcome.passed).toBe(true);
    expect(trace.simplifications.some((n) => n.startsWith(`${kind} objects are stored but no component runs them`))).toBe(true);
  });
});

describe('fields the model ignores', () => {
  it.each([
    [{ runtimeClassName: 'gvisor', containers: [] }, ['ignored-field spec.runtimeClassName']],
    [{ securityContext: { runAsNonRoot: true }, containers: [] }, ['ignored-field spec.securityContext.runAsNonRoot']],
    [{ securityContext: { runAsNonRoot: true, runAsUser: 1000 }, containers: [] }, []],
    [{ securityContext: { runAsNonRoot: false }, containers: [] }, []],
    [{ containers: [{ name: 'c', securityContext: { runAsNonRoot: true } }] }, ['ignored-field spec.containers.0.securityContext.runAsNonRoot']],
    [{ containers: [{ name: 'c', securityContext: { runAsNonRoot: true, runAsUser: 10 } }] }, []],
    [{ containers: [{ name: 'c', resources: { limits: { cpu: '1', memory: '1Gi' } } }] }, ['ignored-field spec.containers.0.resources.limits.cpu', 'ignored-field spec.containers.0.resources.limits.memory']],
    // KEP-753 sidecars (initContainers[].restartPolicy: Always) are modelled (test/workloads/sidecar.test.ts): no warning.
    [{ initContainers: [{ name: 'proxy', restartPolicy: 'Always' }], containers: [] }, []],
    [{ initContainers: [{ name: 'setup' }], containers: [] }, []],
    [{ containers: [{ name: 'c', resources: { requests: { cpu: '1', memory: '1Gi' } } }] }, []],
  ])('Pod spec %j', (spec, want) => {
    expect(coverageGaps({ kind: 'Pod', spec }).map((g) => `${g.code} ${g.path.join('.')}`)).toEqual(want);
  });

  it('warns at the validate stage once per scenario for limits, and lists them once in the trace', () => {
    const c = (n: string) => `  - name: ${n}\n    image: nginx:1.27\n    resources: {limits: {cpu: 500m, memory: 128Mi}}\n`;
    const r = load(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${c('a')}${c('b')}`, '  - kubectl: apply -f app.yaml\n');
    if (!r.ok) throw new Error('does not load');
    expect(r.warnings.map((d) => `${d.code} ${d.message}`)).toEqual([
      'ignored-field Pod "p": spec.containers[0].resources.limits.cpu: the CPU limit sets the QoS class but is not enforced: CPU use is not throttled at the limit (warned once per scenario)',
      'ignored-field Pod "p": spec.containers[0].resources.limits.memory: the memory limit sets the QoS class but is not enforced: no container is OOMKilled (warned once per scenario)',
    ]);
    expect(simulate(r.value).simplifications.filter((n) => n.includes('limits'))).toEqual([
      'The model ignores the pod spec field containers.resources.limits.cpu: the CPU limit sets the QoS class but is not enforced: CPU use is not throttled at the limit.',
      'The model ignores the pod spec field containers.resources.limits.memory: the memory limit sets the QoS class but is not enforced: no container is OOMKilled.',
    ]);
  });

  it('finds the gaps in pod templates too, one per container', () => {
    const gaps = coverageGaps({ kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'a', resources: { limits: { memory: '1Gi' } } }, { name: 'b', resources: { limits: { memory: '2Gi' } } }] } } } });
    expect(gaps.map((g) => g.path.join('.'))).toEqual(['spec.template.spec.containers.0.resources.limits.memory', 'spec.template.spec.containers.1.resources.limits.memory']);
    expect(new Set(gaps.map((g) => g.note)).size).toBe(1);
  });
});

const POD = (rc: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  runtimeClassName: ${rc}\n  containers:\n  - name: c\n    image: nginx:1.27\n`;
const RUNTIME_CLASS = 'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: gvisor\nhandler: runsc\n---\n';

describe('RuntimeClass admission (plugin/pkg/admission/runtimeclass)', () => {
  it.each([
    ['a missing class is Forbidden', POD('gvisor'), 1, 'pods "p" is forbidden: pod rejected: RuntimeClass "gvisor" not found'],
    ['an existing class admits the pod', RUNTIME_CLASS + POD('gvisor'), 0, 'pod/p created'],
  ])('%s', (_, files, exit, output) => {
    const r = load(files, `  - kubectl: apply -f app.yaml\n    expect: { exit: ${exit}, output: '${output}' }\n`);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n'));
    const trace = simulate(r.value);
    expect(trace.outcome.passed).toBe(true);
  });
});

describe('output formats the model does not print are caught before the run', () => {
  it.each([
    [['get', 'pods', '-o', 'go-template={{.kind}}'], 'go-template'],
    [['get', 'pods', '-o=go-template-file=x.tmpl'], 'go-template-file'],
    [['get', 'pods', '--output', 'template={{.kind}}'], 'template'],
    [['get', 'pods', '-o', 'jsonpath-file=x'], 'jsonpath-file'],
    [['get', 'pods', '-o', 'jsonpath={.kind}'], undefined],
    [['get', 'pods', '-o', 'wide'], undefined],
  ])('%j', (argv, format) => {
    const got = checkKubectlCommand(argv);
    if (format === undefined) expect(got).toEqual({ ok: true });
    else expect(got).toMatchObject({ ok: false, word: format, message: `kubectl get: output format "${format}" is not modelled by kubescene` });
  });
});

describe('fields an audit found silently ignored (issue 10), one row each', () => {
  const job = (spec: Record<string, unknown>) => ({ kind: 'Job', spec: { template: { spec: { containers: [] } }, ...spec } });
  const cronJob = (spec: Record<string, unknown>) => ({ kind: 'CronJob', spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [] } }, ...spec } } } });
  it.each([
    // Generic ephemeral volumes are modelled: the ephemeral volume controller (pkg/controller/volume/ephemeral) creates PVC <pod>-<volume>.
    ['ephemeral volume (modelled)', { kind: 'Pod', spec: { containers: [], volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } }] } }, []],
    ['ephemeral volume in a template (modelled)', { kind: 'Deployment', spec: { template: { spec: { containers: [], volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', ephemeral: {} }] } } } }, []],
    ['non-default schedulerName', { kind: 'Pod', spec: { schedulerName: 'my-scheduler', containers: [] } }, ['ignored-field spec.schedulerName']],
    ['default schedulerName', { kind: 'Pod', spec: { schedulerName: 'default-scheduler', containers: [] } }, []],
    ['Job successPolicy', job({ completionMode: 'Indexed', completions: 3, successPolicy: { rules: [{ succeededCount: 1 }] } }), ['ignored-field spec.successPolicy']],
    ['Job backoffLimitPerIndex (modelled)', job({ completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1 }), []],
    // Modelled (onlyReplaceFailedPods in job_controller.go): no warning.
    ['Job podReplacementPolicy Failed', job({ podReplacementPolicy: 'Failed' }), []],
    ['Job podReplacementPolicy TerminatingOrFailed', job({ podReplacementPolicy: 'TerminatingOrFailed' }), []],
    ['Job activeDeadlineSeconds and podFailurePolicy (modelled)', job({ activeDeadlineSeconds: 60, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] } }), []],
    // Modelled (indexed_job_utils.go): Indexed completion mode, backoffLimitPerIndex and FailIndex rules.
    ['Job Indexed, backoffLimitPerIndex, FailIndex rule (modelled)', job({ completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 1, podFailurePolicy: { rules: [{ action: 'Count', onExitCodes: { operator: 'In', values: [2] } }, { action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] } }), []],
    ['CronJob jobTemplate completionMode Indexed (modelled)', cronJob({ completionMode: 'Indexed' }), []],
    ['CronJob jobTemplate successPolicy', cronJob({ completionMode: 'Indexed', successPolicy: { rules: [{ succeededCount: 1 }] } }), ['ignored-field spec.jobTemplate.spec.successPolicy']],
    ['CronJob jobTemplate podFailurePolicy and activeDeadlineSeconds (modelled)', cronJob({ activeDeadlineSeconds: 60, podFailurePolicy: { rules: [] } }), []],
    ['CronJob jobTemplate pod spec', cronJob({ completionMode: 'NonIndexed' }), []],
    ['PV reclaim policy Recycle', { kind: 'PersistentVolume', spec: { persistentVolumeReclaimPolicy: 'Recycle' } }, ['ignored-field spec.persistentVolumeReclaimPolicy']],
    ['PV reclaim policy Retain', { kind: 'PersistentVolume', spec: { persistentVolumeReclaimPolicy: 'Retain' } }, []],
  ])('%s', (_, obj, want) => {
    expect(coverageGaps(obj).map((g) => `${g.code} ${g.path.join('.')}`)).toEqual(want);
  });

  it('a CronJob\'s jobTemplate field is warned at its line and listed under simplifications', () => {
    const cj = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: cj\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      completionMode: Indexed\n      completions: 2\n      successPolicy:\n        rules:\n        - succeededCount: 1\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox:1.36\n';
    const r = load(cj, '  - kubectl: apply -f app.yaml\n');
    if (!r.ok) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n'));
    expect(r.warnings.map((d) => formatDiagnostic(d, { color: false })).join('\n')).toMatch(
      /silent\.yaml:\d+:\d+: warning\[ignored-field\]: CronJob "cj": spec\.jobTemplate\.spec\.successPolicy: success policies are not applied/,
    );
    expect(simulate(r.value).simplifications).toContain('The model ignores the CronJob field spec.jobTemplate.spec.successPolicy: success policies are not applied: the Job succeeds only when all its completions succeed.');
  });
});

describe('a pod for a scheduler that does not run (pkg/registry/core/pod/strategy.go PrepareForCreate)', () => {
  it('is Pending from its creation, is warned about, and stays Pending, unscheduled', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  schedulerName: my-scheduler\n  containers:\n  - name: c\n    image: nginx:1.27\n';
    const r = load(pod, "  - kubectl: apply -f app.yaml\n  - kubectl: get pods\n    expect: { output: 'p      0/1     Pending   0          ' }\n");
    if (!r.ok) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n'));
    expect(r.warnings.map((d) => `${d.code} ${d.message}`)).toEqual([
      'ignored-field Pod "p": spec.schedulerName: only the default scheduler runs in the model: no scheduler of this name binds the pod, so it stays Pending (as on a cluster where that scheduler is not deployed)',
    ]);
    const trace = simulate(r.value);
    expect(trace.outcome.passed).toBe(true);
  });
});
