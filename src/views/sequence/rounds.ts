/**
 * Rounds of a controller's work at the `summary` level (gallery review D11).
 * A rolling update scales the new ReplicaSet up and the old one down, round
 * after round; merging every `PUT replicasets` of the step into one message
 * placed where the first happened hides that rhythm, which is the step's
 * subject. So before a step's hops are merged, its events are cut into
 * rounds: a round starts at an update a controller repeats (its *marker*,
 * e.g. `PUT replicasets`; creating objects again and again is replicas), and `period` consecutive marker-to-marker stretches
 * make one round (each stretch merged on its own, so a round reads scale
 * down, delete, then scale up, create). Rounds are alike when the controller's own requests in them
 * (method and resource, consecutive repeats once, status writes left out)
 * are the same list of at least two kinds of request, and their markers change
 * the same objects (the old and the new ReplicaSet, not one Deployment each) (one request repeated
 * is replicas, which a count says: `POST pods ×3`); at least two alike rounds in a row are drawn once, as a
 * loop `round 1..N`, the first of them standing for all. What comes before
 * the first round and after the last alike one (a last, half round) is drawn
 * as it is. The marker and period kept are those that fold the most rounds
 * (ties: the earlier marker, then the shorter period); no two alike rounds:
 * no rounds.
 *
 * Pure: a function of the events (in trace order) and the kinds of their components.
 */
import type { Component, TraceEvent } from '../../trace/types.ts';
import { resourcePath } from '../common/interactions.ts';

export interface Rounds {
  /** Events before the first round. */
  before: TraceEvent[];
  /** The first round's events, stretch by stretch (marker to marker): the loop's body. */
  round: TraceEvent[][];
  /** How many alike rounds the loop stands for (2 or more). */
  count: number;
  /** Events after the last alike round. */
  after: TraceEvent[];
}

/** Stretches per round tried: a round is one stretch (scale, delete) or two (scale down + delete, scale up + create). */
const PERIODS = [1, 2] as const;

/** The step's rounds (see the module comment), or undefined when no two rounds in a row are alike. */
export function findRounds(events: readonly TraceEvent[], kindOf: (id: string) => Component['kind']): Rounds | undefined {
  const isController = (e: TraceEvent): boolean => e.type === 'request' && e.method !== undefined && e.resource !== undefined && e.resource.subresource === undefined && e.resource.kind !== 'Event' && kindOf(e.from) === 'controller-manager';
  const key = (e: TraceEvent): string => `${e.from}|${e.method} ${resourcePath(e)}`;
  const controllerKeys = events.filter(isController).map(key);
  // A marker changes objects that exist (PUT, PATCH): creating new ones over and over is replicas, not rounds.
  const markers = [...new Set(controllerKeys)].filter((k) => /\|(PUT|PATCH) /.test(k) && controllerKeys.indexOf(k) !== controllerKeys.lastIndexOf(k));
  let best: (Rounds & { order: number }) | undefined;
  markers.forEach((marker, order) => {
    for (const period of PERIODS) {
      const found = roundsAt(events, marker, period, isController, key);
      if (found && (best === undefined || found.count > best.count)) best = { ...found, order };
    }
  });
  if (best === undefined) return undefined;
  const { order: _order, ...rounds } = best;
  return rounds;
}

function roundsAt(events: readonly TraceEvent[], marker: string, period: number, isController: (e: TraceEvent) => boolean, key: (e: TraceEvent) => string): Rounds | undefined {
  const starts = events.flatMap((e, i) => (isController(e) && key(e) === marker ? [i] : []));
  // Round r covers stretches r*period .. r*period + period - 1; only whole rounds count.
  const bounds: [number, number][] = [];
  for (let s = 0; s + period <= starts.length; s += period) bounds.push([starts[s]!, starts[s + period] ?? events.length]); // s + period <= starts.length
  const signature = ([a, b]: [number, number]): string => {
    const mine = events.slice(a, b).filter(isController);
    const keys = mine.map(key);
    // Alike rounds change the same objects (the old and the new ReplicaSet), not one object each (one Deployment each).
    const objects = [...new Set(mine.filter((e) => key(e) === marker).map((e) => `${e.resource?.namespace ?? ''}/${e.resource?.name ?? ''}`))].sort();
    return [objects.join(' '), ...keys.filter((k, i) => k !== keys[i - 1])].join('\n');
  };
  const sigs = bounds.map(signature);
  // A round is several kinds of work (scale, then delete); one request repeated is replicas, counted (`POST pods ×3`).
  if (new Set(sigs[0]?.split('\n').slice(1)).size < 2) return undefined;
  let alike = 1;
  while (alike < sigs.length && sigs[alike] === sigs[0]) alike++;
  if (alike < 2) return undefined;
  const first = bounds[0]!; // alike >= 2: bounds has two entries at least
  const end = bounds[alike - 1]![1]; // alike <= bounds.length
  const stretches = starts.slice(0, period).map((a, i) => events.slice(a, starts[i + 1] ?? events.length)); // period < starts.length: two rounds at least
  return {
    before: events.slice(0, first[0]),
    round: stretches,
    count: alike,
    after: events.slice(end),
  };
}
