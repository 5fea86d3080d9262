/**
 * What every laid-out view shares: the title block at the top, shifting
 * geometry into place, and rounding to 2 decimals so the JSON golden and the
 * SVG are stable across platforms.
 */
import type { LaidEdge, LaidLabel, LaidNode, LaidOut } from './types.ts';
import { lineHeight, wrapText } from './measure.ts';
import { SPACE, TYPE } from './style.ts';

/** The title node at the top-left margin; returns it and the y where the diagram starts. */
export function titleNode(title: string, maxWidth: number, caption: boolean): { node: LaidNode; bottom: number } {
  const m = wrapText(title, TYPE.title, Math.max(400, maxWidth), 2);
  const label: LaidLabel = {
    text: title,
    x: SPACE.margin,
    y: SPACE.margin,
    width: m.width,
    height: m.height,
    lines: m.lines,
    size: TYPE.title.size,
    weight: TYPE.title.weight,
    align: 'start',
  };
  const node: LaidNode = {
    id: 'title',
    parent: null,
    kind: 'title',
    x: SPACE.margin,
    y: SPACE.margin,
    width: m.width,
    height: m.height,
    label,
    emphasis: 'normal',
    steps: [],
  };
  // Room under the title for the `Step N of M · …` caption of step frames.
  const captionHeight = caption ? lineHeight(TYPE.caption) + 2 : 0;
  return { node, bottom: SPACE.margin + m.height + captionHeight + SPACE.titleGap };
}

function shiftLabel(l: LaidLabel, dx: number, dy: number): LaidLabel {
  return { ...l, x: l.x + dx, y: l.y + dy };
}

export function shiftNode(n: LaidNode, dx: number, dy: number): LaidNode {
  const out: LaidNode = { ...n, x: n.x + dx, y: n.y + dy, label: shiftLabel(n.label, dx, dy) };
  if (n.sublabel) out.sublabel = shiftLabel(n.sublabel, dx, dy);
  if (n.tags) out.tags = n.tags.map((t) => ({ ...t, ...shiftLabel(t, dx, dy) }));
  return out;
}

export function shiftEdge(e: LaidEdge, dx: number, dy: number): LaidEdge {
  const out: LaidEdge = { ...e, points: e.points.map((p) => ({ x: p.x + dx, y: p.y + dy })) };
  if (e.label) out.label = shiftLabel(e.label, dx, dy);
  return out;
}

const r2 = (v: number): number => {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
};

function roundLabel(l: LaidLabel): LaidLabel {
  return { ...l, x: r2(l.x), y: r2(l.y), width: r2(l.width), height: r2(l.height) };
}

/** Rounds every coordinate to 2 decimals. */
export function roundLaidOut(laid: LaidOut): LaidOut {
  return {
    ...laid,
    width: Math.ceil(laid.width),
    height: Math.ceil(laid.height),
    nodes: laid.nodes.map((n) => {
      const out: LaidNode = { ...n, x: r2(n.x), y: r2(n.y), width: r2(n.width), height: r2(n.height), label: roundLabel(n.label) };
      if (n.sublabel) out.sublabel = roundLabel(n.sublabel);
      if (n.tags) out.tags = n.tags.map((t) => ({ ...t, ...roundLabel(t) }));
      return out;
    }),
    edges: laid.edges.map((e) => {
      const out: LaidEdge = { ...e, points: e.points.map((p) => ({ x: r2(p.x), y: r2(p.y) })) };
      if (e.label) out.label = roundLabel(e.label);
      return out;
    }),
  };
}
