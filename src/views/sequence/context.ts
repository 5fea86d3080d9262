/**
 * What turning arranged units into items needs (shared by items.ts and
 * variants.ts, which would otherwise import each other).
 */
import type { TraceEvent } from '../../trace/types.ts';
import type { SequenceItem } from '../types.ts';
import type { Causality } from '../common/causality.ts';
import type { Unit } from './arrange.ts';

export type Detail = 'full' | 'compact';

export interface ItemContext {
  detail: Detail;
  causality: Causality;
  /** Shape of an event with names abstracted (see arrange.ts). */
  shape: (e: TraceEvent) => string;
  /** Kind of a component id, for mapping a variant's lanes onto the representative's. */
  kindOf: (id: string) => string;
  /** What a lane stands for in a shape (arrange.ts Arranger.laneClass): a variant's lane maps only onto one of the same class. */
  laneClass?: (id: string) => string;
  /** Lane substitutions: a folded variant's components drawn on the representative's lanes. */
  alias?: Map<string, string>;
  /** What a read's reply found (reads.ts), for its label; undefined: the event's summary. */
  readLabel?: (e: TraceEvent) => string | undefined;
  /** Units → items (items.ts's toItems), passed in so loops can recurse without an import cycle. */
  toItems: (units: readonly Unit[], step: number, ctx: ItemContext) => SequenceItem[];
}

export function lane(id: string, ctx: ItemContext): string {
  return ctx.alias?.get(id) ?? id;
}
