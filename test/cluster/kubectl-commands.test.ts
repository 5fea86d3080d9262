/**
 * Issue 15 item 3: kubectl top (metrics-server through the aggregation layer),
 * port-forward and cp (streams through the API server to the kubelet), events,
 * api-resources — kubectl's own output — and the modelled-commands table.
 */
import { describe, expect, it } from 'vitest';
import { trace } from './helpers.ts';
import { runKubectl, KUBECTL_VERBS } from '../../src/cluster/kubectl/index.ts';
import { buildCluster } from '../../src/cluster/boot/cluster.ts';
import { userIdentity } from '../../src/cluster/apiserver/identity.ts';
import { checkKubectlCommand, MODELLED_KUBECTL } from '../../src/scenario/kubectl-commands.ts';
import { spec } from './helpers.ts';
import type { Trace } from '../../src/trace/types.ts';
import { runBinSync } from '../helpers/bin.ts';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: nginx
          image: "nginx:1.27"
          ports: [{ containerPort: 80, name: http }]
          resources: { requests: { cpu: 100m, memory: 64Mi } }
`;
const SVC = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 8080, targetPort: http }]
`;

function run(steps: string, cluster = ''): Trace {
  return trace(
    `kubescene: v1\nname: t\ncluster:\n${cluster}  nodes:\n    - { name: worker-1, cpu: "4", memory: 8Gi, images: ["nginx:1.27"] }\n    - { name: worker-2, cpu: "4", memory: 8Gi, images: ["nginx:1.27"] }\nsteps:\n  - kubectl: apply -f web.yaml\n  - kubectl: apply -f svc.yaml\n${steps}`,
    { 'web.yaml': WEB, 'svc.yaml': SVC },
  );
}

/** `- kubectl: …` steps that may fail. */
function cmds(...lines: string[]): string {
  return lines.map((l) => `  - kubectl: ${JSON.stringify(l)}\n    continueOnError: true\n`).join('');
}

function stepEvents(t: Trace, n: number) {
  const s = t.steps.find((x) => x.number === n)!;
  return s.events ? t.events.slice(s.events.first, s.events.last + 1) : [];
}

describe('kubectl top', () => {
  const t = run(`${cmds('top pods')}  - advance: 30s\n  - load: { target: deployment/web, cpu: [250m, 120m] }\n${cmds('top pods', 'top pods --sort-by=cpu -A', 'top nodes', 'top pod nope', 'top pods -l app=none')}`);

  it('has no sample for pods younger than one scrape (kubectl: metrics not available yet)', () => {
    expect(t.steps[2]).toMatchObject({ exitCode: 1, output: '', error: 'error: metrics not available yet\n' });
  });

  it("prints metricsutil's table from metrics-server's samples (load steps, memory requests)", () => {
    const pods = t.steps[5]!.output!.split('\n');
    expect(pods[0]).toBe('NAME                   CPU(cores)   MEMORY(bytes)   ');
    expect(pods[1]).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5} {3}250m {9}64Mi {12}$/);
    expect(pods[2]).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5} {3}120m {9}64Mi {12}$/);
    expect(t.steps[6]!.output!.split('\n')[0]).toBe('NAMESPACE   NAME                   CPU(cores)   MEMORY(bytes)   ');
    expect(t.steps[7]!.output).toBe(
      [
        'NAME       CPU(cores)   CPU%   MEMORY(bytes)   MEMORY%   ',
        'worker-1   250m         6%     64Mi            0%        ',
        'worker-2   120m         3%     64Mi            0%        ',
        '',
      ].join('\n'),
    );
    expect(t.steps[8]).toMatchObject({ exitCode: 1, error: 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n' });
    expect(t.steps[9]).toMatchObject({ exitCode: 0, output: '', error: 'No resources found in default namespace.\n' });
  });

  it('goes through discovery and the aggregation layer to metrics-server', () => {
    const ev = stepEvents(t, 6);
    const paths = ev.filter((e) => e.type === 'request' && e.from === 'kubectl').map((e) => e.path);
    expect(paths).toEqual(['/api', '/apis', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods']);
    expect(ev.some((e) => e.type === 'phase' && e.summary.startsWith('aggregation layer: APIService v1beta1.metrics.k8s.io'))).toBe(true);
    expect(ev.some((e) => e.type === 'request' && e.from === 'kube-apiserver' && e.to === 'metrics-server')).toBe(true);
    expect(ev.some((e) => e.type === 'response' && e.from === 'metrics-server' && e.to === 'kube-apiserver' && e.status === 200)).toBe(true);
  });

  it('without metrics-server: error: Metrics API not available', () => {
    const u = run(cmds('top pods', 'top nodes'), '  metricsServer: false\n');
    expect(u.steps[2]).toMatchObject({ exitCode: 1, output: '', error: 'error: Metrics API not available\n' });
    expect(u.steps[3]).toMatchObject({ exitCode: 1, error: 'error: Metrics API not available\n' });
    expect(u.events.some((e) => e.to === 'metrics-server')).toBe(false);
    expect(u.components.some((c) => c.id === 'metrics-server')).toBe(false);
  });
});

describe('kubectl port-forward', () => {
  const t = run(`  - advance: 5s\n${cmds('port-forward deployment/web 8080:80', 'port-forward svc/web 9090:8080 --address 0.0.0.0', 'port-forward pod/ghost 80', 'port-forward deployment/web', 'port-forward svc/web 7000:7000')}`);

  it("prints kubectl's Forwarding lines (service and named ports become the container port)", () => {
    expect(t.steps[3]).toMatchObject({ exitCode: 0, output: 'Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n', error: '' });
    expect(t.steps[4]).toMatchObject({ exitCode: 0, output: 'Forwarding from 0.0.0.0:9090 -> 80\n' });
    expect(t.steps[5]).toMatchObject({ exitCode: 1, error: 'Error from server (NotFound): pods "ghost" not found\n' });
    expect(t.steps[6]).toMatchObject({ exitCode: 1, error: 'error: TYPE/NAME and list of ports are required for port-forward\n' });
    expect(t.steps[7]).toMatchObject({ exitCode: 1, error: 'error: Service web does not have a service port 7000\n' });
  });

  it('is a stream kubectl → API server → kubelet → runtime', () => {
    const ev = stepEvents(t, 4);
    const post = ev.find((e) => e.type === 'request' && e.from === 'kubectl' && e.method === 'POST')!;
    expect(post.path).toMatch(/^\/api\/v1\/namespaces\/default\/pods\/web-[a-z0-9-]+\/portforward$/);
    expect(ev.some((e) => e.type === 'phase' && e.summary === 'allowed: create pods/portforward')).toBe(true);
    const toKubelet = ev.find((e) => e.type === 'request' && e.from === 'kube-apiserver' && e.to.startsWith('kubelet@'))!;
    expect(toKubelet.path).toMatch(/:10250\/portForward\/default\/web-/);
    expect(ev.some((e) => e.type === 'request' && e.from.startsWith('kubelet@') && e.to.startsWith('containerd@') && e.action === 'port-forward')).toBe(true);
    expect(ev.some((e) => e.type === 'response' && e.to === 'kubectl' && e.status === 101)).toBe(true);
  });
});

describe('kubectl cp', () => {
  it('runs tar in the container through pods/exec, both ways', () => {
    const t = run(`  - advance: 5s\n${cmds('get pods -o name')}`);
    const pod = t.steps[3]!.output!.split('\n')[0]!.replace('pod/', '');
    const u = run(`  - advance: 5s\n${cmds(`cp ${pod}:/etc/nginx/nginx.conf ./nginx.conf`, `cp web.yaml ${pod}:/tmp`, `cp nope.txt ${pod}:/tmp`, 'cp a b', `cp ${pod}:/a ${pod}:/b`)}`);
    expect(u.steps[3]).toMatchObject({ exitCode: 0, output: "tar: Removing leading `/' from member names\n", error: '' });
    const out = stepEvents(u, 4).filter((e) => e.type === 'request' && e.from === 'kubectl' && e.method === 'POST');
    expect(out.map((e) => decodeURIComponent(e.path!.replace(/.*\/exec\?/, '')))).toEqual(['command=tar&command=cf&command=-&command=/etc/nginx/nginx.conf&container=nginx&stderr=true&stdout=true']);
    expect(u.steps[4]).toMatchObject({ exitCode: 0, output: '', error: '' });
    const into = stepEvents(u, 5).filter((e) => e.type === 'request' && e.from === 'kubectl' && e.method === 'POST');
    expect(into.map((e) => decodeURIComponent(e.path!.replace(/.*\/exec\?/, '')))).toEqual([
      'command=test&command=-d&command=/tmp&container=nginx&stderr=true&stdout=true',
      'command=tar&command=-xmf&command=-&command=-C&command=/tmp&container=nginx&stdin=true&stderr=true&stdout=true',
    ]);
    expect(stepEvents(u, 5).some((e) => e.type === 'phase' && e.summary === 'allowed: create pods/exec')).toBe(true);
    expect(u.steps[5]).toMatchObject({ exitCode: 1, error: "error: nope.txt doesn't exist in local filesystem\n" });
    expect(u.steps[6]).toMatchObject({ exitCode: 1, error: 'error: one of src or dest must be a remote file specification\n' });
    expect(u.steps[7]).toMatchObject({ exitCode: 1, error: 'error: one of src or dest must be a local file specification\n' });
  });
});

describe('kubectl events', () => {
  const t = run(cmds('events', 'events --for deployment/web', 'events --types=Warning', 'events -A --types=Normal --for svc/web', 'events --types=Bogus'));

  it("prints the 1.26+ table, oldest first, from one LIST of Events", () => {
    const lines = t.steps[2]!.output!.split('\n');
    expect(lines[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    expect(lines.some((l) => /^\d+s +Normal +ScalingReplicaSet +Deployment\/web +Scaled up replica set web-[a-z0-9]+ from 0 to 2$/.test(l))).toBe(true);
    expect(lines.some((l) => /Pod\/web-.* +Successfully assigned default\/web-/.test(l))).toBe(true);
    expect(t.steps[3]!.output!.trimEnd().split('\n')).toHaveLength(2);
    expect(t.steps[4]).toMatchObject({ exitCode: 0, output: '', error: 'No events found in default namespace.\n' });
    expect(t.steps[5]).toMatchObject({ exitCode: 0, output: '', error: 'No events found.\n' });
    expect(t.steps[6]).toMatchObject({ exitCode: 1, error: 'error: valid --types are Normal or Warning\n' });
    const ev = stepEvents(t, 3);
    expect(ev.filter((e) => e.type === 'request' && e.from === 'kubectl').map((e) => e.path)).toEqual(['/api/v1/namespaces/default/events']);
  });
});

describe('kubectl api-resources', () => {
  const t = run(cmds('api-resources', 'api-resources --namespaced=false -o name', 'api-resources -o yaml'));

  it('lists the kinds the model serves in real columns, by group then name', () => {
    const lines = t.steps[2]!.output!.split('\n');
    expect(lines[0]).toMatch(/^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND$/);
    expect(lines[1]).toMatch(/^configmaps +cm +v1 +true +ConfigMap$/);
    expect(lines).toContainEqual(expect.stringMatching(/^deployments +deploy +apps\/v1 +true +Deployment$/));
    expect(lines).toContainEqual(expect.stringMatching(/^pods +metrics\.k8s\.io\/v1beta1 +true +PodMetrics$/));
    expect(t.steps[3]!.output).toContain('namespaces\nnodes\npersistentvolumes\n');
    expect(t.steps[3]!.output).toContain('clusterroles.rbac.authorization.k8s.io\n');
    expect(t.steps[4]).toMatchObject({ exitCode: 1, error: 'error: unable to match a printer suitable for the output format "yaml", allowed formats are: name,wide\n' });
    expect(stepEvents(t, 3).filter((e) => e.type === 'request' && e.from === 'kubectl').map((e) => e.path)).toEqual(['/api', '/apis']);
  });
});

describe('the modelled-commands table', () => {
  it('every verb of the table reaches its command (none answers "not modelled")', () => {
    for (const c of MODELLED_KUBECTL) {
      const subs = c.sub ? Object.entries(c.sub).map(([k, v]) => (v ? [k, v[0]!] : [k])) : [[]];
      for (const sub of subs) {
        const argv = [c.verb, ...sub];
        expect(checkKubectlCommand(argv)).toEqual({ ok: true });
        const cl = buildCluster(spec(1), 0, '1.31');
        let err = '';
        runKubectl(cl.w, argv, userIdentity('admin', ['system:masters']), {}, (r) => (err = r.stderr));
        cl.w.clock.runUntil(60_000);
        expect(err, argv.join(' ')).not.toMatch(/not modelled/);
      }
    }
    expect(KUBECTL_VERBS).toEqual(MODELLED_KUBECTL.map((c) => c.verb));
  });

  it('refuses the others before running anything: validate and trace exit 2 with a located diagnostic', () => {
    for (const cmd of ['validate', 'trace']) {
      const r = runBinSync([cmd, 'test/fixtures/scenarios/kubectl-commands.expect-error.yaml']);
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toContain('kubectl-commands.expect-error.yaml:5:14: error[kubectl-not-modelled]: steps[0].kubectl: kubectl proxy is not modelled by kubescene');
    }
  });
});

describe('kubectl describe of kinds the model does not print as kubectl does', () => {
  // kubectl 1.31 has its own describer for these (describerMap in pkg/describe/describe.go); the model has none.
  it.each([
    ['describe csinode worker-1', 'csinode', 'csinodes'],
    ['describe csinode/worker-1', 'csinode/worker-1', 'csinodes'],
  ])('%s is refused with kubectl-not-modelled', (line, word, resource) => {
    const r = checkKubectlCommand(line.split(' '));
    expect(r).toMatchObject({ ok: false, word, message: `kubectl describe ${resource} is not modelled by kubescene (its output would not be kubectl's)` });
    expect(r.ok ? '' : r.hint).toContain('describe is modelled for every kind but ');
  });
  it.each([
    'describe pod web-0', 'describe deploy/web', 'describe svc web', 'describe node worker-1', 'describe secret s', 'describe cm c', 'describe sts/web', 'describe ds agent', 'describe job pi', 'describe pvc data', 'describe pv pv-1',
    // Issue 10: refused before (kubectl-not-modelled); each now has kubectl's describer (test/cluster/describe-more.test.ts).
    'describe cronjob nightly', 'describe storageclass standard', 'describe hpa/web', 'describe ingress web -n db', 'describe ingressclass nginx', 'describe netpol deny',
    'describe sa ci', 'describe role pod-reader', 'describe clusterrole view', 'describe rolebinding rb', 'describe clusterrolebinding crb', 'describe ns default',
    'describe endpointslice web-abcde', 'describe endpoints web', 'describe pdb web', 'describe priorityclass high', 'describe rc redis', 'describe quota q', 'describe limits l',
    // Refused before (kubectl-not-modelled): describeCertificateSigningRequest (test/cluster/describe-csr.test.ts).
    'describe csr node-csr-1', 'describe certificatesigningrequest/x',
    // No describer of its own in kubectl: the generic describer, as kubectl does.
    'describe lease worker-1 -n kube-node-lease', 'describe event e1', 'describe controllerrevision web-1',
  ])('%s is modelled', (line) => {
    expect(checkKubectlCommand(line.split(' '))).toEqual({ ok: true });
  });
});
