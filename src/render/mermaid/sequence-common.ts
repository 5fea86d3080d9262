import type { SequenceMessage, SequenceParticipant, SequenceView } from '../../views/types.ts';

/**
 * What the three sequence emitters share: participant order with boxes, and
 * activation bookkeeping. Mermaid and PlantUML both fail on deactivating an
 * inactive participant, so activations are only written when they balance.
 */
export interface ParticipantGroup {
  box: string | null;
  participants: SequenceParticipant[];
}

/**
 * Participants in view order, except that all members of a box are declared
 * together where the box first appears (both formats draw a box around
 * consecutive declarations only).
 */
export function participantOrder(view: SequenceView): ParticipantGroup[] {
  const knownBoxes = new Set(view.boxes.map((b) => b.id));
  const groups: ParticipantGroup[] = [];
  const byBox = new Map<string, ParticipantGroup>();
  for (const p of view.participants) {
    const box = p.box !== null && knownBoxes.has(p.box) ? p.box : null;
    if (box === null) {
      groups.push({ box: null, participants: [p] });
      continue;
    }
    const existing = byBox.get(box);
    if (existing) {
      existing.participants.push(p);
      continue;
    }
    const group = { box, participants: [p] };
    byBox.set(box, group);
    groups.push(group);
  }
  return groups;
}

export interface ActivationChange {
  /** Emitted id whose activation starts with this message (the receiver). */
  activate: string | null;
  /** Emitted id whose activation ends with this message (the sender). */
  deactivate: string | null;
}

export class ActivationTracker {
  private readonly depth = new Map<string, number>();

  /** Decide, for a message between emitted ids, which activations to write. */
  change(m: SequenceMessage, from: string, to: string): ActivationChange {
    let deactivate: string | null = null;
    if (m.deactivate && (this.depth.get(from) ?? 0) > 0) {
      this.depth.set(from, this.depth.get(from)! - 1);
      deactivate = from;
    }
    let activate: string | null = null;
    if (m.activate) {
      this.depth.set(to, (this.depth.get(to) ?? 0) + 1);
      activate = to;
    }
    return { activate, deactivate };
  }

  /** Mermaid form: one `+`/`-` marker on the arrow, extra deactivations after. */
  apply(m: SequenceMessage, from: string, to: string): { marker: string; after: string[] } {
    const c = this.change(m, from, to);
    if (c.activate !== null) return { marker: '+', after: c.deactivate !== null ? [c.deactivate] : [] };
    return { marker: c.deactivate !== null ? '-' : '', after: [] };
  }
}
