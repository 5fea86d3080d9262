/**
 * One step too long for one slide, cut into consecutive parts.
 *
 * A step's own sequence (a per-step slide: the band with the state before
 * it, the step's title band, then its messages) that fits no slide even at
 * `summary` — the ordered start of a StatefulSet's Pods with their claims, a
 * first consumer that provisions its volume — is cut into `parts` pictures
 * that read one after the other:
 *
 * - the messages are cut between exchanges, never inside one: a note stays
 *   with the message before it (what that hop did), a loop or alt frame is
 *   never cut; the cuts balance the rows of the parts;
 * - part 1 keeps the band with the state before the step; every part keeps
 *   the step's title band, with `(part k of n)` after the title;
 * - message numbers run on across the parts (part 2 starts where part 1
 *   stopped), so the parts read as one story;
 * - a part draws only the lanes its own messages use (the cut is what makes
 *   each part narrow enough), in the order of the whole step;
 * - activation bars are dropped, since a request and its reply may fall into
 *   different parts (`summary`, the level that is cut, draws none).
 *
 * Pure: a function of the view.
 */
import type { SequenceItem, SequenceView } from '../types.ts';
import { usedParticipants } from './build.ts';

/** `(part 2 of 3)`: what a part's title band says after the step's title. */
export function partSuffix(index: number, of: number): string {
  return `(part ${index} of ${of})`;
}

/**
 * The step's sequence cut into `parts` parts (see the module comment);
 * undefined when the view draws more than one step or has fewer exchanges
 * than parts.
 */
export function splitSequence(view: SequenceView, parts: number): SequenceView[] | undefined {
  const stepBands = view.items.filter((i) => i.type === 'separator' && i.id.startsWith('step:'));
  if (parts < 2 || stepBands.length !== 1) return undefined;
  const at = view.items.indexOf(stepBands[0]!);
  const head = view.items.slice(0, at);
  const title = stepBands[0]!;
  if (title.type !== 'separator') return undefined;
  // Exchanges: a message, loop or alt with the notes that follow it.
  const units: SequenceItem[][] = [];
  for (const item of view.items.slice(at + 1)) {
    if (item.type === 'note' && units.length > 0) units[units.length - 1]!.push(item);
    else units.push([item]);
  }
  if (units.length < parts) return undefined;
  const weights = units.map((u) => u.reduce((n, i) => n + rows(i), 0));
  const total = weights.reduce((a, b) => a + b, 0);
  // Cut k goes after the first unit at which the running weight reaches k/parts of the total (each part non-empty).
  const cuts: number[] = [0];
  let running = 0;
  for (let u = 0; u < units.length && cuts.length < parts; u++) {
    running += weights[u]!;
    const k = cuts.length;
    const left = units.length - (u + 1);
    if ((running >= (k * total) / parts || left === parts - k) && left >= parts - k) cuts.push(u + 1);
  }
  cuts.push(units.length);
  if (cuts.length !== parts + 1) return undefined;
  const out: SequenceView[] = [];
  for (let k = 0; k < parts; k++) {
    const body = units.slice(cuts[k], cuts[k + 1]).flat().map(withoutActivation);
    const band = { ...title, title: `${title.title} ${partSuffix(k + 1, parts)}` };
    const items = [...(k === 0 ? head : []), band, ...body];
    const used = new Set(usedParticipants(body));
    // A band alone draws no lane: the part's lanes are those of its messages and notes.
    const participants = view.participants.filter((p) => used.has(p.id));
    const boxes = view.boxes.filter((b) => participants.some((p) => p.box === b.id));
    out.push({ ...view, participants, boxes, items });
  }
  return out;
}

/** Rows an item takes, roughly: a message or note one, a frame its contents plus its tag. */
function rows(item: SequenceItem): number {
  switch (item.type) {
    case 'loop':
      return 1 + item.items.reduce((n, i) => n + rows(i), 0);
    case 'alt':
      return 1 + item.branches.reduce((n, b) => n + 1 + b.items.reduce((m, i) => m + rows(i), 0), 0);
    default:
      return 1;
  }
}

function withoutActivation(item: SequenceItem): SequenceItem {
  switch (item.type) {
    case 'message': {
      const { activate: _a, deactivate: _d, ...rest } = item;
      return rest;
    }
    case 'loop':
      return { ...item, items: item.items.map(withoutActivation) };
    case 'alt':
      return { ...item, branches: item.branches.map((b) => ({ ...b, items: b.items.map(withoutActivation) })) };
    default:
      return item;
  }
}
