/**
 * Reads emitted Mermaid, D2 and PlantUML text back into a skeleton — the
 * participants or nodes it declares (in order), the messages or edges it draws
 * (ends mapped back to view ids), the step titles it shows — and builds the
 * skeleton a view should give, so a test can check that the text carries
 * exactly what the view carries (focus, detail level) and nothing else.
 *
 * The readers only know the emitters' line shapes (one declaration or arrow
 * per line); they are deliberately independent of the emitters' code, except
 * for the escaping functions, so labels compare in their emitted form.
 */
import type { ArchitectureView, FlowchartView, GraphNode, SequenceItem, SequenceMessage, SequenceNote, SequenceView } from '../../src/views/types.ts';
import type { Emphasis } from '../../src/views/types.ts';
import { participantOrder } from '../../src/render/mermaid/sequence-common.ts';
import { EMPHASIS_STYLE } from '../../src/render/mermaid/palette.ts';
import { graphTree, isContainer } from '../../src/render/mermaid/tree.ts';

export type TextFormat = 'mmd' | 'd2' | 'puml';

export interface SkeletonMessage {
  from: string;
  to: string;
  number: number;
  /** The label as written (escaped for the format; D2 labels carry `N. ` in front). */
  label: string;
  /**
   * The emphasis the text shows. Mermaid sequence arrows can only show a
   * failure (`-x`): `danger` or `normal` there; PlantUML (`-[#dc2626]>`) and
   * D2 (`style.stroke`) every emphasis, by its colour.
   */
  emphasis: Emphasis;
  /** Ends in a lost-message cross short of its target: PlantUML `>x`, D2 `target-arrowhead.shape: cross` (Mermaid cannot tell). */
  lost: boolean;
}

/** Emphasis by stroke colour (each emphasis has its own, palette.ts). */
const BY_STROKE = new Map(Object.entries(EMPHASIS_STYLE).map(([emphasis, style]) => [style.stroke.toLowerCase(), emphasis as Emphasis]));
function emphasisOf(stroke: string): Emphasis {
  const e = BY_STROKE.get(stroke.toLowerCase().replace(/^#?/, '#'));
  if (e === undefined) throw new Error(`stroke ${stroke} is no emphasis colour`);
  return e;
}
const D2_STROKE = /^\s*style\.stroke: "(#[0-9a-fA-F]{6})"$/;
const D2_CROSS = /^\s*target-arrowhead\.shape: cross$/;

export interface SequenceSkeleton {
  /** Emitted participant ids, in declaration order. */
  participants: string[];
  /** Their labels as written. */
  labels: string[];
  /** Ends are emitted ids. */
  messages: SkeletonMessage[];
  /**
   * Notes in text order (step separators drawn as notes among them): the
   * emitted ids they are over (Mermaid, PlantUML: first and last; D2: the
   * actor), and their text as written.
   */
  notes: { over: string[]; text: string }[];
  /** Loop labels and alt branch labels in text order, as written (D2: the group label, `"loop: …"`, `"[…]"`). */
  frames: string[];
}

/** Messages of a view in drawing order (loop bodies, alt branches in turn). */
export function viewMessages(items: readonly SequenceItem[]): SequenceMessage[] {
  return items.flatMap((i): SequenceMessage[] => {
    switch (i.type) {
      case 'message':
        return [i];
      case 'loop':
        return viewMessages(i.items);
      case 'alt':
        return i.branches.flatMap((b) => viewMessages(b.items));
      default:
        return [];
    }
  });
}

/** Loop labels and alt branch labels of a view in drawing order, with whether the frame draws a message. */
export function viewFrames(items: readonly SequenceItem[]): { label: string; loop: boolean; messages: number }[] {
  return items.flatMap((i) => {
    switch (i.type) {
      case 'loop':
        return [{ label: i.label, loop: true, messages: viewMessages(i.items).length }, ...viewFrames(i.items)];
      case 'alt':
        return i.branches.flatMap((b) => [{ label: b.label, loop: false, messages: viewMessages(b.items).length }, ...viewFrames(b.items)]);
      default:
        return [];
    }
  });
}

/** Notes of a view in drawing order. */
export function viewNotes(items: readonly SequenceItem[]): SequenceNote[] {
  return items.flatMap((i): SequenceNote[] => {
    switch (i.type) {
      case 'note':
        return [i];
      case 'loop':
        return viewNotes(i.items);
      case 'alt':
        return i.branches.flatMap((b) => viewNotes(b.items));
      default:
        return [];
    }
  });
}

/** Participants in the order every emitter declares them (boxed ones together). */
export function declaredParticipants(view: SequenceView): string[] {
  return participantOrder(view).flatMap((g) => g.participants.map((p) => p.id));
}

const MMD_ARROW = /^\s*(\w+)(-->>|->>|--x|-x|-\))([+-]?)(\w+): (.*)$/;
/** `->`, `-->`, `->>`, coloured `-[#dc2626]->`, lost `-[#dc2626]>x`. */
const PUML_ARROW = /^\s*(\w+) -(?:\[(#[0-9a-fA-F]{6})\])?-?(>>|>x|>) (\w+) : (.*)$/;
const D2_ARROW = /^\s*(p_\w+) -> (p_\w+): ("(?:[^"\\]|\\.)*")( \{)?$/;

export function readSequence(text: string, format: TextFormat): SequenceSkeleton {
  const out: SequenceSkeleton = { participants: [], labels: [], messages: [], notes: [], frames: [] };
  let next = 1;
  /** D2: the message whose `{ … }` style block is open. */
  let open: SkeletonMessage | undefined;
  for (const line of text.split('\n')) {
    const stroke = D2_STROKE.exec(line);
    if (stroke && open && format === 'd2') {
      open.emphasis = emphasisOf(stroke[1]!);
      continue;
    }
    if (D2_CROSS.test(line) && open && format === 'd2') {
      open.lost = true;
      continue;
    }
    const renumber = /^\s*autonumber (\d+)$/.exec(line);
    if (renumber && format !== 'd2') {
      next = Number(renumber[1]);
      continue;
    }
    const frame = format === 'd2' ? /^\s*(?:loop|branch)_\w+: ("(?:[^"\\]|\\.)*") \{$/.exec(line) : /^\s*(?:loop|alt|else) (.*)$/.exec(line);
    if (frame) {
      out.frames.push(frame[1]!);
      continue;
    }
    if (format === 'mmd') {
      const p = /^\s*participant (\w+) as (.*)$/.exec(line);
      if (p) {
        out.participants.push(p[1]!);
        out.labels.push(p[2]!);
        continue;
      }
      const note = /^\s*Note over ([\w,]+): (.*)$/.exec(line);
      if (note) out.notes.push({ over: note[1]!.split(','), text: note[2]! });
      const m = MMD_ARROW.exec(line);
      if (m) out.messages.push({ from: m[1]!, to: m[4]!, number: next++, label: m[5]!, emphasis: m[2]!.endsWith('x') ? 'danger' : 'normal', lost: false });
    } else if (format === 'puml') {
      const p = /^\s*participant "(.*)" as (\w+)$/.exec(line);
      if (p) {
        out.participants.push(p[2]!);
        out.labels.push(p[1]!);
        continue;
      }
      const note = /^\s*note over ([\w, ]+) : (.*)$/.exec(line);
      if (note) out.notes.push({ over: note[1]!.split(', '), text: note[2]! });
      const m = PUML_ARROW.exec(line);
      if (m) out.messages.push({ from: m[1]!, to: m[4]!, number: next++, label: m[5]!, emphasis: m[2] === undefined ? 'normal' : emphasisOf(m[2]), lost: m[3] === '>x' });
    } else {
      // Actors are declared at the top level of the sequence container: `  p_x: "label"`.
      const p = /^ {2}(p_\w+): ("(?:[^"\\]|\\.)*")$/.exec(line);
      if (p) {
        out.participants.push(p[1]!);
        out.labels.push(p[2]!);
        continue;
      }
      const note = /^\s*(p_\w+)\.note_\w+: ("(?:[^"\\]|\\.)*")$/.exec(line);
      if (note) out.notes.push({ over: [note[1]!], text: note[2]! });
      const m = D2_ARROW.exec(line);
      if (m) {
        const number = /^"(\d+)\. /.exec(m[3]!);
        const message: SkeletonMessage = { from: m[1]!, to: m[2]!, number: number ? Number(number[1]) : NaN, label: m[3]!, emphasis: 'normal', lost: false };
        out.messages.push(message);
        open = m[4] ? message : undefined;
      } else if (!/^\s*(style\.|target-arrowhead\.)/.test(line)) open = undefined;
    }
  }
  return out;
}

export interface GraphSkeleton {
  /** Emitted node ids, in declaration order (containers before their children). */
  nodes: string[];
  labels: string[];
  /** Node emphasis, by emitted id. */
  emphasis: Map<string, Emphasis>;
  /** Edge ends are emitted ids (D2: the last segment of the path). */
  edges: { from: string; to: string; label: string; emphasis: Emphasis }[];
}

/** View nodes in the order the emitters declare them: a depth-first walk of the nesting. */
export function declaredNodes(view: ArchitectureView | FlowchartView): GraphNode[] {
  const tree = graphTree(view.nodes);
  const out: GraphNode[] = [];
  const walk = (n: GraphNode): void => {
    out.push(n);
    if (isContainer(tree, n)) for (const c of tree.children.get(n.id) ?? []) walk(c);
  };
  tree.roots.forEach(walk);
  return out;
}

export function readGraph(text: string, format: TextFormat): GraphSkeleton {
  const out: GraphSkeleton = { nodes: [], labels: [], emphasis: new Map(), edges: [] };
  /** D2: the node or edge whose `{ … }` block is open, until its first child. */
  let open: { node: string } | GraphSkeleton['edges'][number] | undefined;
  for (const line of text.split('\n')) {
    if (format === 'mmd') {
      const cls = /^\s*class ([\w,]+) (\w+)$/.exec(line);
      if (cls) for (const id of cls[1]!.split(',')) out.emphasis.set(id, cls[2] as Emphasis);
      const linkStyle = /^\s*linkStyle ([\d,]+) stroke:(#[0-9a-f]{6})/.exec(line);
      if (linkStyle) for (const i of linkStyle[1]!.split(',')) out.edges[Number(i)]!.emphasis = emphasisOf(linkStyle[2]!);
      const sub = /^\s*subgraph (\w+)\["(.*)"\]$/.exec(line);
      const node = /^\s*(\w+)(?:\["(.*)"\]|\{"(.*)"\}|\(\["(.*)"\]\))$/.exec(line);
      const edge = /^\s*(\w+) (-->|==>|-\.->)(?:\|"(.*)"\|)? (\w+)$/.exec(line);
      if (sub) {
        out.nodes.push(sub[1]!);
        out.labels.push(sub[2]!);
      } else if (node) {
        out.nodes.push(node[1]!);
        out.labels.push(node[2] ?? node[3] ?? node[4]!);
      } else if (edge) out.edges.push({ from: edge[1]!, to: edge[4]!, label: edge[3] ?? '', emphasis: 'normal' });
    } else if (format === 'puml') {
      const node = /^\s*(?:component|rectangle|node|card|usecase) "(.*)" as (\w+)(?: #line:([0-9a-f]{6})\S*)?(?: \{)?$/.exec(line);
      const edge = /^(\w+) (?:-->|-\[(#[0-9a-f]{6})?[^\]]*\]->) (\w+)(?: : (.*))?$/.exec(line);
      if (node) {
        out.nodes.push(node[2]!);
        out.labels.push(node[1]!);
        if (node[3] !== undefined) out.emphasis.set(node[2]!, emphasisOf(node[3]));
      } else if (edge) out.edges.push({ from: edge[1]!, to: edge[3]!, label: edge[4] ?? '', emphasis: edge[2] === undefined ? 'normal' : emphasisOf(edge[2]) });
    } else {
      const stroke = D2_STROKE.exec(line);
      if (stroke) {
        if (open && 'node' in open) out.emphasis.set(open.node, emphasisOf(stroke[1]!));
        else if (open) open.emphasis = emphasisOf(stroke[1]!);
        continue;
      }
      if (/^\s*(style|shape)\./.test(line) || /^\s*shape: /.test(line)) continue;
      const node = /^\s*([gnu]_\w+): ("(?:[^"\\]|\\.)*")(?: \{)?$/.exec(line);
      const edge = /^([\w.]+) -> ([\w.]+)(?:: ("(?:[^"\\]|\\.)*"))?(?: \{)?$/.exec(line);
      const last = (path: string) => path.slice(path.lastIndexOf('.') + 1);
      open = undefined;
      if (node) {
        out.nodes.push(node[1]!);
        out.labels.push(node[2]!);
        if (line.endsWith('{')) open = { node: node[1]! };
      } else if (edge) {
        const e = { from: last(edge[1]!), to: last(edge[2]!), label: edge[3] ?? '', emphasis: 'normal' as Emphasis };
        out.edges.push(e);
        if (line.endsWith('{')) open = e;
      }
    }
  }
  return out;
}
