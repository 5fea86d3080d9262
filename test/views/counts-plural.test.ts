/**
 * A count is printed with its noun in the right number (issue 9: a box read
 * `1 ready endpoints`): every view of every scenario of the library, at each
 * detail level, and the objects' status lines of the trace go through the one
 * helper, common/text.ts `plural`. A `1` followed by a plural noun is a bug;
 * `Revision 1 is …` or `1/3 nodes` is not a count of that noun.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildView } from '../../src/views/index.ts';
import { plural } from '../../src/common/text.ts';

const root = new URL('../../', import.meta.url).pathname;
const files = readdirSync(new URL('scenarios/', new URL('../../', import.meta.url)))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** `1 pods`, `(1 endpoints)`, `1 ready endpoints`: a lone 1 (not `v1`, `1/3`, `0.1`, `×1`) before a word ending in s, bar the singular nouns that end so. */
const ONE_PLURAL = /(?:^|[^\p{L}\p{N}.,/:×-])1 (?:[a-z]+ )?(?!(?:is|was|has|status|class|process|address|ingress|DNS|Ingress)\b)[A-Za-z][A-Za-z-]*[^s\W]s\b/u;

/** Messages Kubernetes itself prints, kept word for word (pkg/registry/core/pod/storage/eviction.go: `needs %d healthy pods`). */
const UPSTREAM = /needs \d+ healthy pods and has \d+ currently/g;

describe('plural', () => {
  it('singular for 1, plural otherwise, an irregular plural when given', () => {
    expect(plural(1, 'ready endpoint')).toBe('1 ready endpoint');
    expect(plural(0, 'ready endpoint')).toBe('0 ready endpoints');
    expect(plural(3, 'Pod')).toBe('3 Pods');
    expect(plural(2, 'policy', 'policies')).toBe('2 policies');
    expect(plural(1, 'policy', 'policies')).toBe('1 policy');
  });

  it('the pattern finds the bug and leaves counts alone', () => {
    for (const bad of ['1 ready endpoints', 'PUT endpointslices web-0 (1 endpoints)', '1 acks; majority of 3 = 2', 'AppendEntries to 1 followers']) expect(bad).toMatch(ONE_PLURAL);
    for (const ok of ['1 ready endpoint', 'Revision 1 is now revision 3', '1/3 nodes fit', 'v1 Endpoints', '2 Pods', '1 Ingress', 'apps/v1 deployments']) expect(ok).not.toMatch(ONE_PLURAL);
  });
});

describe('no `1 <plural noun>` in the pictures or the status lines', () => {
  for (const file of files) {
    const name = file.replace(/\.yaml$/, '');
    it(name, async () => {
      let trace;
      try {
        trace = await simulateOnce(`scenarios/${file}`, { cwd: root });
      } catch {
        return; // an invalid scenario has no pictures
      }
      const found = new Set<string>();
      const scan = (where: string, value: unknown): void => {
        JSON.stringify(value, (k, v: unknown) => {
          if (typeof v === 'string' && k !== 'id' && ONE_PLURAL.test(v.replace(UPSTREAM, ''))) found.add(`${where}: ${v}`);
          return v;
        });
      };
      scan('outcome', trace.outcome.objects);
      for (const s of trace.steps) scan(`step ${s.number} state`, s.state?.objects ?? []);
      for (const detail of ['summary', 'standard', 'full'] as const) {
        for (const view of ['architecture', 'sequence', 'flowchart'] as const) scan(`${view} ${detail}`, buildView(trace, view, { detail }));
      }
      expect([...found]).toEqual([]);
    });
  }
});
