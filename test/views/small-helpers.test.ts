/**
 * Small helpers the architecture view wrote twice: the `step`/`steps` phrase
 * (a node's `NotReady in steps 5–6` tag, views/common/steps.ts), the Pod an
 * earlier incarnation's box stands for (edges.ts, incarnations.ts), the name
 * in an owner reference (nodes.ts, views/common/workloads.ts).
 */
import { describe, expect, it } from 'vitest';
import { stepsPhrase } from '../../src/views/common/steps.ts';
import { incarnationId, podOfIncarnation } from '../../src/views/architecture/incarnations.ts';
import { refName } from '../../src/views/common/workloads.ts';

describe('small view helpers', () => {
  it('stepsPhrase: singular for one step, ranges for several', () => {
    expect(stepsPhrase([6])).toBe('step 6');
    expect(stepsPhrase([3, 5, 6, 7])).toBe('steps 3, 5–7');
  });

  it('podOfIncarnation: back from an earlier incarnation to its Pod', () => {
    expect(podOfIncarnation(incarnationId('pod:default/web-0', 'worker-1'))).toBe('pod:default/web-0');
    expect(podOfIncarnation('pod:default/web-0')).toBe('pod:default/web-0');
  });

  it('refName: the name of `Kind/name`', () => {
    expect(refName('ReplicaSet/web-7c5ddbdf54')).toBe('web-7c5ddbdf54');
  });
});
