/**
 * wrapText breaks lines at spaces, hyphens and slashes, and splits a word only
 * when that word alone is longer than the line.
 */
import { describe, expect, it } from 'vitest';
import { textWidth, wrapText, wrapWords } from '../../src/layout/measure.ts';

const style = { size: 12, weight: 'regular' } as const;
const width = (s: string) => Math.ceil(textWidth(s, style));

describe('wrapText', () => {
  const cases: { name: string; text: string; max: string; lines: string[] }[] = [
    { name: 'breaks at a space, not inside the next word', text: 'watch pods, PATCH pods/status', max: 'watch pods, PAT', lines: ['watch pods,', 'PATCH pods/', 'status'] },
    { name: 'keeps a short first word rather than splitting the long one after it', text: 'run containerd-shim-runc-v2', max: 'run containerd-shi', lines: ['run containerd-', 'shim-runc-v2'] },
    { name: 'breaks after a hyphen', text: 'kube-controller-manager', max: 'kube-controller-ma', lines: ['kube-controller-', 'manager'] },
    // gallery-review D18: canary-release's Pod read `web-canary-65479b8bd8-` / `4qfls`.
    { name: 'breaks a generated name too wide for a line before its generated part', text: 'web-canary-65479b8bd8-99bzf', max: 'web-canary-65479b8bd8-9', lines: ['web-canary-', '65479b8bd8-99bzf'] },
    { name: 'breaks before a Kubernetes name that fits a line, not inside it', text: 'create container web-778d4b74b9-jxl9j', max: 'create container web-778d4b74b9-', lines: ['create container', 'web-778d4b74b9-jxl9j'] },
    { name: 'breaks inside a name too wide for a line after the words before it', text: 'pod web-canary-65479b8bd8-99bzf Running', max: 'web-canary-65479b8bd8-9', lines: ['pod web-canary-', '65479b8bd8-99bzf', 'Running'] },
    { name: 'breaks after a slash', text: 'registry.k8s.io/pause:3.9', max: 'registry.k8s.io/pa', lines: ['registry.k8s.io/', 'pause:3.9'] },
    { name: 'never breaks at a dot or colon', text: 'from registry.k8s.io:443', max: 'from registry.k8s.io:4', lines: ['from', 'registry.k8s.io:443'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(wrapText(c.text, style, width(c.max), 3).lines).toEqual(c.lines);
    });
  }

  it('keeps a name together only while that costs no line: a label is not shortened for it', () => {
    // Kept together, `web-` / `766486c5b6-jxl9j` would take a fourth line, and the label would lose its middle.
    expect(wrapText('DELETE pods web-766486c5b6-jxl9j (grace 0)', style, width('web-766486c5b6-jxl9'), 3).lines).toEqual(['DELETE pods', 'web-766486c5b6-', 'jxl9j (grace 0)']);
  });

  it('splits a word only when it is longer than the line by itself', () => {
    const m = wrapText('abcdefghijklmnopqrstuvwxyz', style, width('abcdefghij'), 4);
    expect(m.lines.length).toBeGreaterThan(1);
    expect(m.lines.join('')).toBe('abcdefghijklmnopqrstuvwxyz');
    for (const l of m.lines) expect(textWidth(l, style)).toBeLessThanOrEqual(width('abcdefghij'));
  });

  it('a dotted name wider than the line breaks before a dot, not between two letters', () => {
    // The csi-provisioner participant of a StatefulSet sequence read `(hostpath.csi.k8` / `s.io)`.
    expect(wrapText('csi-provisioner (hostpath.csi.k8s.io)', style, width('(hostpath.csi.k8'), 3).lines).toEqual(['csi-provisioner', '(hostpath.csi', '.k8s.io)']);
  });

  it('a camelCase name wider than the line breaks between its words', () => {
    // A kubelet note read `node.status.volumesAttac` / `hed: waiting …`.
    expect(wrapText('not yet in volumesAttached: waiting', style, width('volumesAttach'), 4).lines).toEqual(['not yet in', 'volumes', 'Attached:', 'waiting']);
  });

  // configmap-secret's Pods box read `needs-config, needs-tls, web` / `· 1 ContainerCreating +2 more`.
  it('a separator between facts starts no line: the break moves past it', () => {
    const text = 'needs-config, needs-tls, web · 1 ContainerCreating +2 more';
    expect(wrapText(text, style, width('needs-config, needs-tls, web'), 3).lines).toEqual(['needs-config, needs-tls, web', '1 ContainerCreating +2 more']);
  });

  it('no line starts or ends with a separator, at any width', () => {
    const text = 'needs-config, needs-tls, web · 1 ContainerCreating · 2 Running · nginx:1.27';
    for (let w = width('ContainerCreating'); w <= width(text); w += 1) {
      for (const l of wrapText(text, style, w, 6).lines) expect(l, `${w}: ${l}`).not.toMatch(/^·|·$/);
    }
  });

  it('no line of wrapped words ends inside a word', () => {
    const text = 'create sandbox, start container, pull image from registry';
    const m = wrapText(text, style, width('create sandbox, st'), 5);
    const words = new Set(text.split(' '));
    for (const l of m.lines) for (const w of l.split(' ')) expect(words.has(w), `${w} in ${JSON.stringify(m.lines)}`).toBe(true);
  });
});

/** The flowchart's wrapping: between words first, never a word cut; too long keeps start and end. */
describe('wrapWords', () => {
  const cases: { name: string; text: string; max: string; lines: string[] }[] = [
    // gallery-review D18: get-pods' flowchart read `kubectl get pods -l` / `app=web`.
    { name: 'keeps a flag with its value', text: 'kubectl get pods -l app=web', max: 'kubectl get pods -l app=', lines: ['kubectl get pods', '-l app=web'] },
    { name: 'keeps a --flag=value whole', text: 'kubectl scale deployment/web --replicas=5', max: 'kubectl scale deployment/web --replicas=', lines: ['kubectl scale deployment/web', '--replicas=5'] },
    { name: 'keeps a --flag whole', text: 'kubectl drain worker-2 --ignore-daemonsets', max: 'kubectl drain worker-2 --ignore-', lines: ['kubectl drain worker-2', '--ignore-daemonsets'] },
    { name: 'keeps a pod name whole when it fits a line', text: '2 pods: db-cb975b6f9-rg9p9, web-766486c5b6-sjj6l', max: '2 pods: db-cb975b6f9-rg9p9, web-', lines: ['2 pods: db-cb975b6f9-rg9p9,', 'web-766486c5b6-sjj6l'] },
    { name: 'breaks before an arrow', text: 'StopContainer liveness → exit code 137', max: 'StopContainer liveness → exit', lines: ['StopContainer liveness', '→ exit code 137'] },
    { name: 'keeps a number with its unit', text: 'recommendation of the last 5 min', max: 'recommendation of the last 5', lines: ['recommendation of the last', '5 min'] },
  ];
  for (const c of cases) {
    it(c.name, () => expect(wrapWords(c.text, style, width(c.max), 4).lines).toEqual(c.lines));
  }

  it('too long for its lines: keeps the start and the end, drops the middle at word boundaries', () => {
    const text = 'GET /api/v1/namespaces/default/pods/web-778d4b74b9-jxl9j/log?container=nginx from kubelet on worker-1';
    const m = wrapWords(text, style, width('GET /api/v1/namespaces/'), 2);
    expect(m.lines.length).toBeLessThanOrEqual(2);
    const shown = m.lines.join(' ');
    expect(shown).toMatch(/^GET /);
    expect(shown).toMatch(/worker-1$/);
    expect(shown).toMatch(/(^|[\s/(])…([\s/]|$)/);
  });
});

describe('pairs stay whole when a line breaks (gallery review D66)', () => {
  const widthOf = (text: string) => textWidth(text, style) + 1;

  it('a count goes with what it counts: `web-stable ×16,` / `web-canary ×4`, never `web-canary` / `×4`', () => {
    const text = 'web-stable ×16, web-canary ×4';
    const lines = wrapWords(text, style, widthOf('web-stable ×16, web-canary'), 3).lines;
    expect(lines).toEqual(['web-stable ×16,', 'web-canary ×4']);
  });

  it('a list of `name → node` pairs breaks between the pairs, not before an arrow inside one', () => {
    const text = 'log-agent-jxl9j → worker-1, log-agent-xshnt → worker-2';
    const lines = wrapWords(text, style, widthOf('log-agent-jxl9j → worker-1, log-agent-xshnt'), 3).lines;
    expect(lines).toEqual(['log-agent-jxl9j → worker-1,', 'log-agent-xshnt → worker-2']);
  });

  it('too narrow for a pair on a line: nothing is left out (the pairs give way)', () => {
    const text = 'log-agent-jxl9j → worker-1, log-agent-xshnt → worker-2';
    const lines = wrapWords(text, style, widthOf('→ worker-1, log-agent-'), 3).lines;
    expect(lines.join(' ').replace(/- /g, '-')).toBe(text);
  });

  it('a lease holder identity `name_id` stays whole: `lease held by` / `control-plane-1_dbcfe293: standing by`', () => {
    // ha-control-plane's flowchart read `lease held by control-plane-` / `1_dbcfe293: standing by`.
    const text = 'lease held by control-plane-1_dbcfe293: standing by';
    const lines = wrapWords(text, style, widthOf('lease held by control-plane-'), 3).lines;
    expect(lines).toEqual(['lease held by', 'control-plane-1_dbcfe293:', 'standing by']);
  });

  it('an identity too wide for a line still breaks (nothing is left out)', () => {
    const text = 'held by control-plane-1_dbcfe293';
    const lines = wrapWords(text, style, widthOf('control-plane-1_db'), 3).lines;
    expect(lines.join(' ').replace(/- /g, '-')).toBe(text);
  });

  it('a single arrow still takes the break before it (`StopContainer liveness` / `→ exit code 137`)', () => {
    const text = 'StopContainer liveness → exit code 137';
    const lines = wrapWords(text, style, widthOf('StopContainer liveness → exit'), 3).lines;
    expect(lines).toEqual(['StopContainer liveness', '→ exit code 137']);
  });
});
