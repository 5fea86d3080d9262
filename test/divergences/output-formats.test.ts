/**
 * `kubectl get -o …` through the simulated kubectl: jsonpath (kubectl's
 * dialect, no newline added), custom-columns, name, and kubectl's error for a
 * format it has no printer for (exit 1, never another format).
 */
import { describe, expect, it } from 'vitest';
import { trace } from '../cluster/helpers.ts';

const NODES = 'cluster:\n  nodes:\n    - { name: worker-1, cpu: "4", memory: 8Gi }\n';
const PODS = {
  'pods.yaml': ['a', 'b']
    .map((n) => `apiVersion: v1\nkind: Pod\nmetadata: { name: ${n}, labels: { app: web, tier: "${n === 'a' ? 'front' : 'back'}" } }\nspec:\n  containers: [{ name: c, image: nginx, ports: [{ containerPort: 80 }, { containerPort: 443 }] }]\n`)
    .join('---\n'),
};

function run(commands: string[]): { output?: string; error?: string; exitCode?: number }[] {
  const steps = commands.map((c) => `  - kubectl: ${JSON.stringify(c)}\n    continueOnError: true\n`).join('');
  const t = trace(`kubescene: v1\nname: t\n${NODES}steps:\n  - kubectl: apply -f pods.yaml\n${steps}`, PODS);
  return t.steps.slice(1).map((s) => ({ output: s.output, error: s.error, exitCode: s.exitCode }));
}

const ALLOWED = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

describe('kubectl get -o', () => {
  const cases: { cmd: string; want: { output: string; error: string; exitCode: number } }[] = [
    { cmd: "get pods -o jsonpath='{.items[*].metadata.name}'", want: { output: 'a b', error: '', exitCode: 0 } },
    { cmd: `get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.metadata.labels.tier}{"\\n"}{end}'`, want: { output: 'a\tfront\nb\tback\n', error: '', exitCode: 0 } },
    { cmd: `get pods -o jsonpath='{.items[?(@.metadata.labels.tier=="back")].metadata.name}'`, want: { output: 'b', error: '', exitCode: 0 } },
    { cmd: "get pod a -o jsonpath='{.spec.containers[0].ports[*].containerPort}'", want: { output: '80 443', error: '', exitCode: 0 } },
    { cmd: "get pod/a -o jsonpath='{..containerPort}'", want: { output: '80 443', error: '', exitCode: 0 } },
    { cmd: "get pod a -o jsonpath='{.metadata.labels}'", want: { output: '{"app":"web","tier":"front"}', error: '', exitCode: 0 } },
    { cmd: "get pod a -o jsonpath='{.nope}'", want: { output: '', error: '', exitCode: 0 } },
    { cmd: "get pods -o jsonpath='{.items[0].metadata.name'", want: { output: '', error: 'error: error parsing jsonpath {.items[0].metadata.name, unclosed action\n', exitCode: 1 } },
    { cmd: 'get pods -o jsonpath', want: { output: '', error: 'error: template format specified but no template given\n', exitCode: 1 } },
    { cmd: 'get pods -o custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier,PORTS:.spec.containers[*].ports[*].containerPort,NODE:.spec.nope', want: { output: 'NAME   TIER    PORTS    NODE\na      front   80,443   <none>\nb      back    80,443   <none>\n', error: '', exitCode: 0 } },
    { cmd: 'get pods -o custom-columns=NAME:{.metadata.name} --no-headers', want: { output: 'a\nb\n', error: '', exitCode: 0 } },
    { cmd: 'get pods -o custom-columns=NAME', want: { output: '', error: 'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n', exitCode: 1 } },
    { cmd: 'get pods -o name', want: { output: 'pod/a\npod/b\n', error: '', exitCode: 0 } },
    { cmd: 'get pods -o xml', want: { output: '', error: `error: unable to match a printer suitable for the output format "xml", allowed formats are: ${ALLOWED}\n`, exitCode: 1 } },
    { cmd: 'get pod a -o table', want: { output: '', error: `error: unable to match a printer suitable for the output format "table", allowed formats are: ${ALLOWED}\n`, exitCode: 1 } },
  ];
  const got = run(cases.map((c) => c.cmd));
  it.each(cases.map((c, i) => ({ ...c, i })))('$cmd', ({ i, want }) => {
    expect(got[i]).toEqual(want);
  });
});
