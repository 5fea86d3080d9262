/**
 * Issue 9's tidies: what the views wrote twice, each now one implementation
 * used by all (views/common/ranges.ts, more.ts, workloads.ts):
 *
 * - step numbers: `5–6` everywhere; the setup band said `steps 1, 2`
 *   (sequence/setup.ts compressNumbers) where legends say `steps 5–6`;
 * - numbered names: in numeric order, `worker-1, worker-3` (the setup band
 *   kept the order Pods came in, `worker-2, worker-1`, and wrote
 *   `worker-{1,3,4}`);
 * - cut lists: `+N more` as the last item (the setup band said `… and 2
 *   more`, a folded volume box `pv-1g + 2 provisioned`);
 * - a Pod's workload by its owners: a CronJob's Pod belongs to the CronJob,
 *   not to the Job its name was made from;
 * - label lists (views/common/interactions.ts joinLabels) cut with `+N more`
 *   like every other list, never `, …` (`watch deployments, replicasets,
 *   +3 more`; was `watch deployments, replicasets, …`).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StepState } from '../../src/trace/types.ts';
import { numberRanges, numberedNames } from '../../src/views/common/ranges.ts';
import { firstItems, firstOf } from '../../src/views/common/more.ts';
import { setupBand, stateLines } from '../../src/views/sequence/setup.ts';
import { memberNames } from '../../src/views/architecture/subjects.ts';
import { simulateOnce } from '../helpers/library.ts';
import { buildArchitecture, buildFlowchart, buildSequence } from '../../src/views/index.ts';
import { joinLabels } from '../../src/views/common/interactions.ts';
import type { DetailLevel } from '../../src/views/types.ts';
import { cronJobOfJob, generateNameBase } from '../../src/common/generated-names.ts';
import { allMessages } from './helpers.ts';

const state = (over: Partial<StepState>): StepState => ({
  nodes: [],
  pods: [],
  objects: [],
  controlPlane: { apiServers: [{ name: 'kube-apiserver', up: true }], etcd: [{ name: 'etcd', up: true }], quorum: true },
  ...over,
});

describe('number ranges: one convention', () => {
  it('an en dash for two or more consecutive numbers, sorted', () => {
    expect(numberRanges([5, 6])).toBe('5–6');
    expect(numberRanges([7, 3, 5, 6, 6])).toBe('3, 5–7');
    expect(numberRanges([4])).toBe('4');
  });

  it('the setup band says `steps 1–2` as legends do, not `steps 1, 2`', async () => {
    const trace = await simulateOnce('scenarios/network-policy.yaml');
    const band = setupBand(trace, trace.steps.filter((s) => s.setup === true && s.number <= 2));
    expect(band?.title).toMatch(/^Setup \(steps 1–2\): /);
  });
});

describe('numbered names: one convention', () => {
  it('a run of three or more as `prefix-first..last`, else each name in numeric order', () => {
    expect(numberedNames(['worker-3', 'worker-1', 'worker-2'])).toBe('worker-1..3');
    expect(numberedNames(['worker-2', 'worker-1'])).toBe('worker-1, worker-2');
    expect(numberedNames(['worker-4', 'worker-1', 'worker-3'])).toBe('worker-1, worker-3, worker-4');
    expect(numberedNames(['www-web-0', 'www-web-1', 'www-web-2'])).toBe('www-web-0..2');
    expect(numberedNames(['gpu-1', 'worker-1'])).toBe('gpu-1, worker-1');
  });

  it('the setup band lists a workload\'s nodes in order, whichever Pod came first', () => {
    const pods = [
      { namespace: 'default', name: 'api-6f8c4c7bdf-dbvt5', node: 'worker-2', phase: 'Running', status: 'Running', ready: true, owner: 'ReplicaSet/api-6f8c4c7bdf' },
      { namespace: 'default', name: 'api-6f8c4c7bdf-hb4z6', node: 'worker-1', phase: 'Running', status: 'Running', ready: true, owner: 'ReplicaSet/api-6f8c4c7bdf' },
    ];
    const objects = [{ kind: 'ReplicaSet', namespace: 'default', name: 'api-6f8c4c7bdf', owner: 'Deployment/api', status: '2/2 ready' }];
    expect(stateLines(state({ pods, objects }))).toEqual(['api: 2 Pods Running on worker-1, worker-2']);
  });
});

/**
 * `, …` the label joiner does not write: sequence/build.ts mergeNotifications merges a third watch
 * notification into an arrow as `, …`, and counts a label's own commas as items (this is ONE
 * emptyDir notification whose summary lists its two users, then `…` for the next one). Open: the
 * sequence view's owner is to make it `+N more` too; this list may only shrink.
 */
const NOT_YET_MORE = ['pod-vs-container.yaml: create emptyDir "html", shared by init-content:/html, nginx:/usr/share/nginx/html, …'];

describe('cut lists: `+N more` as the last item', () => {
  it('firstItems keeps at most `max` items, the last one counting the rest', () => {
    expect(firstItems(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c']);
    expect(firstItems(['a', 'b', 'c', 'd'], 3)).toEqual(['a', 'b', '+2 more']);
    expect(firstOf(['a', 'b', 'c', 'd'], 3)).toBe('a, b, +2 more');
  });

  it('a setup band of more than five lines ends in `+N more`', () => {
    const objects = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => ({ kind: 'ConfigMap', namespace: 'default', name, status: 'present' }));
    const lines = stateLines(state({ objects }));
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('+3 more');
  });

  it('joinLabels names at most `max` labels, then counts the rest; the count never stands for one label', () => {
    expect(joinLabels(['watch deployments', 'watch replicasets', 'watch pods', 'watch nodes', 'watch services'], 2)).toBe('watch deployments, replicasets, +3 more');
    expect(joinLabels(['store in etcd', 'read from etcd', 'delete from etcd', 'watch etcd'], 2)).toBe('store in etcd, read from etcd, +2 more');
    expect(joinLabels(['a → w1', 'b → w2', 'c → w3'], 2)).toBe('a → w1, b → w2, c → w3');
    expect(joinLabels(['a', 'b'], 2)).toBe('a, b');
  });

  it('no picture of the library ends a label list with `, …`', async () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();
    const cut: string[] = [];
    const details: DetailLevel[] = ['summary', 'standard', 'full'];
    for (const file of files) {
      const trace = await simulateOnce(`scenarios/${file}`);
      const views = details.flatMap((detail) => [buildSequence(trace, { detail }), buildFlowchart(trace, { detail }), buildArchitecture(trace, { detail })]);
      // Every text of every view: labels, sublabels, legend entries, notes.
      const texts = JSON.stringify(views).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
      for (const t of texts) if (/, …/.test(t)) cut.push(`${file}: ${JSON.parse(t) as string}`);
    }
    expect(cut).toEqual(NOT_YET_MORE);
  });

  it('a folded box counts the names made from a uid as one more item', () => {
    const uid = (n: number) => `pvc-d2c9af0${n}-a5fd-49f1-a656-22da50da83d7`;
    expect(memberNames('PersistentVolume', ['pv-1g', 'pv-gold', uid(1), uid(2)])).toBe('pv-1g, pv-gold, +2 provisioned');
    expect(memberNames('Secret', ['tls', uid(1)])).toBe('tls, +1 more');
    expect(memberNames('Secret', ['tls', 'db'])).toBe('tls, db');
  });
});

describe('a Pod\'s workload by its owners', () => {
  it('a CronJob\'s Pod is the CronJob\'s, in the setup band', () => {
    const s = state({
      pods: [{ namespace: 'default', name: 'hello-28928165-6dd2l', node: 'worker-1', phase: 'Succeeded', status: 'Completed', ready: false, owner: 'Job/hello-28928165' }],
      objects: [
        { kind: 'CronJob', namespace: 'default', name: 'hello', status: 'present' },
        { kind: 'Job', namespace: 'default', name: 'hello-28928165', owner: 'CronJob/hello', status: 'present' },
      ],
    });
    expect(stateLines(s)).toEqual(['hello: 1 Pod Completed on worker-1']);
  });
});

describe('sequence lanes by a Pod\'s owners', () => {
  it('job-cronjob at summary: a Job\'s Pod lane is named after the Job, not after the Pod\'s generated name', async () => {
    const trace = await simulateOnce('scenarios/job-cronjob.yaml');
    // Each step's own picture (its slide): the Pods that only get started share one `Pods` lane in the whole story.
    const pods = trace.steps.flatMap((s) => buildSequence(trace, { steps: [s.number], detail: 'summary' }).participants.filter((p) => p.icon === 'pod'));
    expect(pods.map((p) => p.label)).toContain('batch');
    expect(pods.filter((p) => generateNameBase(p.label) !== undefined || cronJobOfJob(p.label) !== undefined)).toEqual([]);
  });

  it('statefulset at summary: web-1 calling web-0 stays an arrow between two lanes, though both are web\'s', async () => {
    const trace = await simulateOnce('scenarios/statefulset.yaml');
    const view = buildSequence(trace, { detail: 'summary' });
    const step4 = allMessages(view.items).filter((m) => m.step === 4 && (m.from.startsWith('pod:') || m.to.startsWith('pod:')));
    expect(step4.some((m) => m.from === 'pod:default/web-0' && m.to === 'pod:default/web-1' && m.label.startsWith('HTTP'))).toBe(true);
    const label = (id: string) => view.participants.find((p) => p.id === id)?.label;
    expect([label('pod:default/web-0'), label('pod:default/web-1')]).toEqual(['web-0', 'web-1']);
  });
});
