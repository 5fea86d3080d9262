/**
 * Records planned requests as trace events, one after the other, with the
 * data plane's latencies between hops (the clock runs them). Each request
 * starts a new causal chain (its first hop has no cause).
 */
import type { World } from '../../components/world.ts';
import type { RequestPlan } from './types.ts';

export function emitPlans(w: World, plans: readonly RequestPlan[], pause = 1): void {
  const next = (i: number): void => {
    if (i >= plans.length) return;
    emitHops(w, plans[i]!, 0, null, () => w.clock.after(pause, () => next(i + 1)));
  };
  next(0);
}

function emitHops(w: World, plan: RequestPlan, i: number, cause: string | null, done: () => void): void {
  if (i >= plan.hops.length) return done();
  const h = plan.hops[i]!;
  w.clock.after(h.delayMs, () => {
    const id = w.rec.emit({
      type: h.internal ? 'phase' : 'packet',
      from: h.from,
      to: h.internal ? h.from : h.to,
      ...(h.internal ? { phase: 'other' as const } : {}),
      ...(h.status !== undefined ? { status: h.status } : {}),
      ...(h.result !== undefined ? { result: h.result } : {}),
      summary: h.summary,
      ...(h.detail !== undefined ? { detail: h.detail } : {}),
      cause,
      ...(h.attrs ? { attrs: h.attrs } : {}),
    });
    emitHops(w, plan, i + 1, id, done);
  });
}
