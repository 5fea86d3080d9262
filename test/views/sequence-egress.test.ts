/**
 * Gallery review D71: internet-egress sequence.step-03.svg (standard) spent
 * 6 of its 11 messages on the resolver's search list (three queries each
 * answered NXDOMAIN), and drew the answer from example.com straight to the
 * client, past the CNI plugin whose MASQUERADE rule the answer comes back
 * through. At standard the search-list exchanges are one
 * (views/sequence/dns-search.ts), and at every detailed level the reply goes
 * back through the lane that masqueraded its request, which undoes the SNAT
 * (views/sequence/snat-return.ts).
 */
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { buildSequence } from '../../src/views/index.ts';
import { allMessages, expectSequenceInvariants } from './helpers.ts';

const root = new URL('../../', import.meta.url).pathname;
const traceOf = (name: string) => simulateOnce(`${root}scenarios/${name}.yaml`, { cwd: root });

describe('internet-egress step 3 (D71)', () => {
  it('standard: the three search-list NXDOMAIN exchanges are one, naming the domains; the answered query stays', async () => {
    const view = buildSequence(await traceOf('internet-egress'), { steps: [3], detail: 'standard' });
    expectSequenceInvariants(view);
    const labels = allMessages(view.items).map((m) => m.label);
    expect(labels.slice(0, 4)).toEqual([
      'DNS A? example.com. + default.svc.cluster.local., svc.cluster.local., cluster.local.',
      '3 search-list names → NXDOMAIN',
      'DNS A? example.com.',
      'DNS example.com. → 198.51.100.61',
    ]);
    expect(labels.filter((l) => l.includes('NXDOMAIN'))).toHaveLength(1);
    expect(labels).toHaveLength(8);
  });

  it('standard and full: the answer comes back through the CNI plugin that masqueraded the request, which undoes the SNAT', async () => {
    const trace = await traceOf('internet-egress');
    for (const detail of ['standard', 'full'] as const) {
      const messages = allMessages(buildSequence(trace, { steps: [3], detail }).items);
      const snat = messages.find((m) => m.label.startsWith('MASQUERADE'))!;
      const reply = messages.find((m) => m.label.startsWith('HTTP/1.1 200 OK'))!;
      expect(reply.from, detail).toBe(snat.to);
      expect(reply.to, detail).toBe(snat.from);
      const back = messages[messages.indexOf(reply) + 1]!;
      expect(back.from, detail).toBe(snat.from);
      expect(back.label, detail).toBe('un-SNAT 192.168.0.10 → 10.244.1.2 (conntrack)');
      const client = messages.find((m) => m.label.startsWith('10.244.1.2 → '))!.from;
      expect(back.to, detail).toBe(client);
    }
  });

  it('full keeps every search-list exchange', async () => {
    const messages = allMessages(buildSequence(await traceOf('internet-egress'), { steps: [3], detail: 'full' }).items);
    expect(messages.filter((m) => m.label.endsWith('→ NXDOMAIN'))).toHaveLength(3);
  });
});

describe('internet-egress at summary (D71)', () => {
  it('the answer comes back through the CNI plugin lane (un-SNAT), not from example.com straight to the client', async () => {
    const view = buildSequence(await traceOf('internet-egress'), { detail: 'summary' });
    expectSequenceInvariants(view);
    const messages = allMessages(view.items);
    for (const step of [3, 4]) {
      const own = messages.filter((m) => m.step === step);
      const snat = own.find((m) => m.label === 'SNAT')!;
      const i = own.findIndex((m) => m.from === snat.to && m.label.startsWith('HTTP'));
      expect(own[i]!.to, `step ${step}`).toBe(snat.from);
      expect(own[i + 1], `step ${step}`).toMatchObject({ from: snat.from, label: 'un-SNAT' });
      expect(own[i + 1]!.to, `step ${step}`).toBe(own[0]!.from);
    }
  });
});
