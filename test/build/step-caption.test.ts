/**
 * Gallery review D113: a step caption quoted the first line a command printed,
 * and for a table that is its header (`kubectl shows NotReady — kubectl get
 * nodes prints NAME STATUS ROLES AGE VERSION`, 15 captions on 10 pages). A
 * caption quotes the row the title is about, else the first row; short lines
 * together; an error as before.
 */
import { describe, expect, it } from 'vitest';
import { stepCaption } from '../../src/build/gallery.ts';
import type { TraceStep } from '../../src/trace/types.ts';

const step = (title: string, command: string, output?: string, error?: string): TraceStep =>
  ({ number: 7, title, kind: 'kubectl', command, ...(output !== undefined ? { output } : {}), ...(error !== undefined ? { error } : {}), startMs: 0, endMs: 0, events: null }) as unknown as TraceStep;

const NODES = 'NAME            STATUS     ROLES           AGE   VERSION\ncontrol-plane   Ready      control-plane   9m    v1.31.0\nworker-1        Ready      <none>          9m    v1.31.0\nworker-2        NotReady   <none>          9m    v1.31.0\n';

describe('step captions quote what matters of what was printed (D113)', () => {
  it('a table: the row the title names, not the header', () => {
    expect(stepCaption(step('kubectl shows NotReady', 'kubectl get nodes', NODES))).toBe('**Step 7: kubectl shows NotReady** — `kubectl get nodes` prints `worker-2 NotReady <none> 9m v1.31.0`');
  });

  it('a table whose rows the title does not name: the first row', () => {
    expect(stepCaption(step('List the nodes', 'kubectl get nodes', NODES))).toContain('prints `control-plane Ready control-plane 9m v1.31.0`');
  });

  it('two short lines together; an error as it was', () => {
    expect(stepCaption(step('Apply the policies', 'kubectl apply -f np.yaml', 'networkpolicy/a created\nnetworkpolicy/b created\n'))).toContain('prints `networkpolicy/a created · networkpolicy/b created`');
    expect(stepCaption(step('Denied', 'kubectl delete pod x', undefined, 'Error from server (Forbidden): pods "x" is forbidden\n'))).toContain('fails: `Error from server (Forbidden): pods "x" is forbidden`');
  });
});
