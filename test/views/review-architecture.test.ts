/**
 * Defects found reviewing the gallery's architecture pictures in a ~900-px docs column.
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildArchitecture } from '../../src/views/index.ts';

const root = new URL('../../', import.meta.url).pathname;
const traceOf = (name: string) => simulateOnce(`${root}scenarios/${name}.yaml`, { cwd: root });

describe('architecture: red only for what failed', () => {
  // rolling-update architecture.svg: the controller manager's edge (3) was red because the Deployment
  // controller got one 409 Conflict in step 7 — optimistic concurrency; it re-reads and retries.
  it('rolling-update: a controller retrying a 409 Conflict is not drawn as failed', async () => {
    const trace = await traceOf('rolling-update');
    expect(trace.events.some((e) => e.result === 'conflict' && e.to === 'deployment-controller'), 'the trace has the conflict').toBe(true);
    const view = buildArchitecture(trace);
    expect(view.edges.filter((e) => e.emphasis === 'danger').map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('rbac-denied: a 403 to kubectl stays red', async () => {
    const view = buildArchitecture(await traceOf('rbac-denied'));
    expect(view.edges.some((e) => e.emphasis === 'danger' && e.from === 'kubectl')).toBe(true);
  });
});
