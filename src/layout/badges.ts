/**
 * Number badges sit on their edge's line (not beside it, where ELK puts
 * labels), at the first spot along the path that covers no other box and no
 * earlier badge or label.
 */
import type { LaidEdge, LaidLabel, LaidNode } from './types.ts';
import { SPACE } from './style.ts';
import { textWidth } from './measure.ts';

type Point = { x: number; y: number };
interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const FRACTIONS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85, 0.1, 0.9];
/** Text labels (flowchart `yes`/`no`) read best close to the decision they leave. */
const TEXT_FRACTIONS = [0.3, 0.4, 0.2, 0.5, 0.6, 0.15, 0.7, 0.8, 0.1, 0.9];
const GAP = 3;
/** Badges: the preferred spots first, then every 2.5 % of the line, so a short free stretch is found too. */
const BADGE_FRACTIONS = [...FRACTIONS, ...Array.from({ length: 39 }, (_, i) => (i + 1) / 40).filter((f) => !FRACTIONS.includes(f))];
/** Weight of covering something against merely crowding it (see placeBadges). */
const COVERS = 1000;

function pointAt(points: readonly Point[], fraction: number): Point {
  const lengths: number[] = [];
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const l = Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
    lengths.push(l);
    total += l;
  }
  let want = total * fraction;
  for (let i = 1; i < points.length; i++) {
    const l = lengths[i - 1]!;
    if (want <= l || i === points.length - 1) {
      const t = l === 0 ? 0 : Math.min(1, want / l);
      const a = points[i - 1]!;
      const b = points[i]!;
      return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
    }
    want -= l;
  }
  return points[0] ?? { x: 0, y: 0 };
}

export function overlaps(a: Rect, b: Rect, gap = 0): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/** Places a badge label on every edge in `numbered`; other edges keep their labels. */
/** A badge may sit inside a group, but not on its border or over its header. */
function hitsGroup(box: Rect, g: LaidNode): boolean {
  if (!overlaps(box, g)) return false;
  const inside = box.x >= g.x + GAP && box.x + box.width <= g.x + g.width - GAP && box.y + box.height <= g.y + g.height - GAP;
  return !inside || coversHeader(box, g);
}

/** The group's header: the band at its top, and its label and sublabel (a two-line header reaches below the band). */
function coversHeader(box: Rect, g: LaidNode): boolean {
  if (!overlaps(box, g)) return false;
  const header = [g.label, g.sublabel].filter((l): l is LaidLabel => l !== undefined);
  return box.y < g.y + SPACE.groupTop || header.some((l) => overlaps(box, l, GAP));
}

/** Best spot for a box of the given size along a path: first free one, else the least crowded. */
function bestSpot(points: readonly Point[], width: number, height: number, fractions: readonly number[], blocked: (r: Rect) => number): Rect {
  let best: { row: Rect; score: number } | undefined;
  for (const f of fractions) {
    const p = pointAt(points, f);
    const row: Rect = { x: p.x - width / 2, y: p.y - height / 2, width, height };
    const score = blocked(row);
    if (!best || score < best.score) best = { row, score };
    if (score === 0) break;
  }
  return best!.row;
}

/**
 * Text labels sit on their edge's line (drawn on a pill over it), placed
 * after layout rather than by ELK, whose label dummies add a whole layer of
 * height per labelled edge.
 */
export function placeTextLabels(nodes: readonly LaidNode[], edges: LaidEdge[], labels: Map<string, LaidLabel>): void {
  const solid = nodes.filter((n) => n.kind !== 'group');
  const groups = nodes.filter((n) => n.kind === 'group');
  const taken: Rect[] = [];
  for (const e of edges) {
    const template = labels.get(e.id);
    if (!template || e.points.length < 2) continue;
    const blocked = (r: Rect) =>
      solid.filter((n) => overlaps(r, n, GAP)).length + groups.filter((g) => hitsGroup(r, g)).length + taken.filter((t) => overlaps(r, t, GAP)).length;
    const spot = bestSpot(e.points, template.width, template.height, TEXT_FRACTIONS, blocked);
    e.label = { ...template, x: spot.x, y: spot.y };
    taken.push(spot);
  }
}

/** The point `at` px along a path (clamped to its ends). */
function pointAlong(points: readonly Point[], at: number): Point {
  let want = Math.max(0, at);
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    const l = Math.hypot(b.x - a.x, b.y - a.y);
    if (want <= l || i === points.length - 1) {
      const t = l === 0 ? 0 : Math.min(1, want / l);
      return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
    }
    want -= l;
  }
  return points[0] ?? { x: 0, y: 0 };
}

/** Every FINE px along a path, after the preferred fractions: a short free stretch between two boxes is found too. */
const FINE = 4;

/**
 * Candidate places for a row of `count` badges along a path, preferred
 * first: each badge's box, centred on the line, one after the other along
 * it (a row on a vertical line runs down it; across it, it would stand
 * beside the line), turning with the line at a corner. A single badge
 * centres on the line wherever it is; a longer row stays within the line's
 * ends (on a line shorter than the row, its badges' centres do), and a place
 * where two badges of the row would touch (round a corner) is none.
 */
function rowSpots(points: readonly Point[], count: number, size: number): Rect[][] {
  const total = length(points);
  const step = size + 2;
  const span = count * size + (count - 1) * 2;
  const fine = total > 0 ? Array.from({ length: Math.floor(total / FINE) }, (_, i) => ((i + 1) * FINE) / total).filter((f) => f < 1) : [];
  const out: Rect[][] = [];
  for (const f of [...BADGE_FRACTIONS, ...fine]) {
    let centre = total * f;
    if (count > 1) {
      // Within the line's ends; on a line shorter than the row, each badge's centre at least (the outer ones
      // reach over the boxes the line joins, where check.ts lets them: not over their text).
      const reach = total >= span ? span / 2 : span / 2 - size / 2;
      if (total < 2 * reach) break;
      centre = Math.min(Math.max(centre, reach), total - reach);
    }
    const row = Array.from({ length: count }, (_, i) => pointAlong(points, centre - span / 2 + size / 2 + i * step));
    if (row.some((p, i) => i > 0 && Math.hypot(p.x - row[i - 1]!.x, p.y - row[i - 1]!.y) < size + 1)) continue;
    out.push(row.map((p) => ({ x: p.x - size / 2, y: p.y - size / 2, width: size, height: size })));
  }
  // A pair on a line too short to hold it between its ends (a kubelet over its Pods, 24 px apart): along it, the two
  // badges would stand on the borders of the boxes it joins; across the line's middle, one each side, they fit the gap.
  if (count === 2 && total > 0 && tooShortForPair(total, size)) out.push(acrossPair(points, size));
  return out;
}

/** A route of this length cannot hold a pair of badges of this size along it between its ends (GAP from each). */
export function tooShortForPair(total: number, size: number): boolean {
  return total < 2 * size + 2 + 2 * GAP;
}

/**
 * Two badges side by side across the middle of a line, the line between them (each centre size / 2 + 1 px off it):
 * the row of a pair of edges on one short route (checks.ts badgeProblems accepts such a pair as on its line).
 */
function acrossPair(points: readonly Point[], size: number): Rect[] {
  const total = length(points);
  const mid = pointAlong(points, total / 2);
  const [a, b] = [pointAlong(points, Math.max(0, total / 2 - 1)), pointAlong(points, Math.min(total, total / 2 + 1))];
  const horizontal = Math.abs(b.x - a.x) >= Math.abs(b.y - a.y);
  const off = size / 2 + 1;
  const centres = horizontal ? [{ x: mid.x, y: mid.y - off }, { x: mid.x, y: mid.y + off }] : [{ x: mid.x - off, y: mid.y }, { x: mid.x + off, y: mid.y }];
  return centres.map((c) => ({ x: c.x - size / 2, y: c.y - size / 2, width: size, height: size }));
}

/**
 * How far inside the disc a box's border may pass and the badge still only touch it: the border is a 1-px line, so a
 * disc reaching 1 px over it reads as touching it; further, the border runs through the number's disc.
 */
export const BORDER_TOUCH = 1;

/** A box's border runs through a badge's disc (centre cx, cy, radius r): its outline passes within r − BORDER_TOUCH of the centre. */
export function borderThrough(cx: number, cy: number, r: number, box: Rect): boolean {
  const dx = Math.max(box.x - cx, 0, cx - (box.x + box.width));
  const dy = Math.max(box.y - cy, 0, cy - (box.y + box.height));
  const outside = Math.hypot(dx, dy);
  const d = outside > 0 ? outside : Math.min(cx - box.x, box.x + box.width - cx, cy - box.y, box.y + box.height - cy);
  return d < r - BORDER_TOUCH;
}

/** What a box draws inside it, which a badge must never cover: its texts as measured and its icon chip (render/svg/shapes.ts iconChip). The geometry checks (test/layout/check.ts) use the same definition. */
export function boxContent(n: LaidNode): Rect[] {
  const out: Rect[] = [];
  for (const l of n.sublabel ? [n.label, n.sublabel] : [n.label]) {
    const lines = l.lines ?? [l.text];
    if (!lines.some((t) => t.length > 0)) continue;
    const style = { size: l.size ?? 13, weight: l.weight ?? 'regular' } as const;
    const w = Math.max(0, ...lines.map((t) => textWidth(t, style)));
    const x = l.align === 'start' ? l.x : l.align === 'end' ? l.x + l.width - w : l.x + (l.width - w) / 2;
    out.push({ x, y: l.y, width: w, height: l.height });
  }
  if (n.icon !== undefined && n.label.align === 'start') {
    const chip = SPACE.icon + 8;
    out.push({ x: n.x + SPACE.padX - 4, y: n.y + n.height / 2 - chip / 2, width: chip, height: chip });
  }
  return out;
}

/**
 * Places a badge on every edge in `numbered`. Edges joining the same two
 * nodes share a route, so their badges form one row, in number order, along
 * the line (across a vertical line it would stand beside it). The
 * same row to several nodes from one (a watch to each of three API servers)
 * is placed once, on the part of their lines they share when that is long
 * enough, else on the first of them (architecture edges each have their own
 * line, graph-tracks.ts, so it is the first): one badge per interaction.
 * test/layout/check.ts badgeProblems states what a placed badge must not do.
 */
export function placeBadges(nodes: readonly LaidNode[], edges: LaidEdge[], numbered: Set<string>): void {
  const solid = nodes.filter((n) => n.kind !== 'group');
  const groups = nodes.filter((n) => n.kind === 'group');
  const content = new Map(solid.map((n) => [n.id, boxContent(n)]));
  const taken: Rect[] = edges.filter((e) => e.label && !numbered.has(e.id)).map((e) => e.label!);
  const size = 2 * SPACE.badgeRadius;
  const clusters = new Map<string, LaidEdge[]>();
  for (const e of edges) {
    if (!numbered.has(e.id) || e.number === undefined || e.points.length < 2) continue;
    const key = [e.from, e.to].sort().join('\u0000');
    clusters.set(key, [...(clusters.get(key) ?? []), e]);
  }
  // Covering another box, any box's text or icon (its own ends' too), a group's header or an earlier badge
  // is what a viewer cannot read past (and what test/layout/check.ts forbids); only touching a box (within
  // GAP), the edge's own ends or a group's border is merely crowded. A spot that covers nothing is taken
  // first, else the least crowded one that covers nothing.
  const blockedFor = (own: ReadonlySet<string>, lines: readonly Seg[], mine: readonly Seg[]) => (r: Rect) => {
    let covers = 0;
    let crowds = 0;
    // Centred on another edge's line (where it crosses this one, or runs beside it on the same track), the badge
    // reads as that edge's (checks.ts badgesOnSharedLines): worse than touching a box, better than covering one.
    const [cx, cy] = [r.x + r.width / 2, r.y + r.height / 2];
    if (lines.some((s) => throughCentre(s, cx, cy))) crowds += ON_LINE;
    // Another edge's line through the disc off its centre (a track 6 px beside this one): which line the number labels
    // is unclear (checks.ts badgesBesideLines); a spot clear of other lines is taken when there is one. A line across
    // the badge's own (a crossing near it) reads as a crossing, not as a second line it might label: no worse than
    // touching a box, so better than a spot on a border (hpa-autoscaling at standard: a kubelet → containerd line
    // 24 px long crossed in its middle by metrics-server's).
    const along = mine.find((s) => throughCentre(s, cx, cy));
    for (const s of lines) if (besideCentre(s, cx, cy, r.width / 2)) crowds += along !== undefined && along.horizontal !== s.horizontal ? CROSS_LINE : BESIDE_LINE;
    for (const n of solid) {
      if (!overlaps(r, n, GAP)) continue;
      if (content.get(n.id)!.some((c) => overlaps(r, c))) covers++;
      else if (!own.has(n.id) && overlaps(r, n)) covers++;
      // Its own end's border through the disc (checks.ts badgesOnBorders): worse than touching it, better than
      // standing beside another edge's line.
      else crowds += borderThrough(cx, cy, r.width / 2, n) ? ON_BORDER : 1;
    }
    for (const g of groups) if (hitsGroup(r, g)) (coversHeader(r, g) ? covers++ : crowds++);
    for (const t of taken) if (overlaps(r, t, GAP)) covers++;
    return COVERS * covers + crowds;
  };
  // What the checks count against a badge: a box's border through its disc, another line beside its own through it.
  const flaggedFor = (lines: readonly Seg[], mine: readonly Seg[]) => (r: Rect) => {
    const [cx, cy, radius] = [r.x + r.width / 2, r.y + r.height / 2, r.width / 2];
    if (solid.some((n) => borderThrough(cx, cy, radius, n))) return true;
    const along = mine.find((s) => throughCentre(s, cx, cy));
    return along !== undefined && lines.some((s) => besideCentre(s, cx, cy, radius, along.horizontal));
  };
  // Each row's candidate places, on the shared trunk when long enough, else on each line of the fan in turn.
  const rows = fans([...clusters.values()]).map((fan) => {
    const members = fan.rows[0]!;
    members.sort((a, b) => a.number! - b.number!);
    const span = members.length * size + (members.length - 1) * 2;
    const trunk = fan.rows.length > 1 ? commonPrefix(fan.rows.map((r) => fromEnd(r[0]!, fan.hub))) : members[0]!.points;
    const paths = [...(length(trunk) >= span + 2 * size ? [trunk] : []), ...fan.rows.map((r) => r[0]!.points)];
    const others = edges.filter((o) => o.points.length >= 2 && !members.some((m) => mayShareLine(m, o)));
    const [lines, mine] = [others.flatMap((o) => lineSegments(o.points)), paths.flatMap(lineSegments)];
    const blocked = blockedFor(new Set([members[0]!.from, members[0]!.to]), lines, mine);
    const places = paths.flatMap((path) => rowSpots(path, members.length, size));
    return { members, span, blocked, flagged: flaggedFor(lines, mine), places, free: places.filter((row) => row.every((r) => blocked(r) < COVERS)).length };
  });
  // The rows with the fewest free places first (a short line between two boxes may have room for one badge
  // only, which a row placed before it on a longer line could take); otherwise in number order.
  rows.sort((a, b) => a.free - b.free);
  const placed: (PlacedRow & { members: LaidEdge[] })[] = [];
  for (const { members, span, blocked, flagged, places } of rows) {
    let best: { row: Rect[]; score: number } | undefined;
    for (const row of places) {
      const score = rowScore(row, blocked);
      if (!best || score < best.score) best = { row, score };
      if (score === 0) break;
    }
    // A line shorter than the row: side by side across its middle, as before.
    const mid = pointAt(members[0]!.points, 0.5);
    const row = best?.row ?? members.map((_, i) => ({ x: mid.x - span / 2 + i * (size + 2), y: mid.y - size / 2, width: size, height: size }));
    placed.push({ members, blocked, flagged, places, row });
    taken.push(...row);
  }
  repairRows(placed, taken);
  for (const { members, row } of placed) {
    members.forEach((e, i) => {
      const r = row[i]!;
      e.label = { text: String(e.number), x: r.x, y: r.y, width: size, height: size };
    });
  }
}

function rowScore(row: readonly Rect[], blocked: (r: Rect) => number): number {
  return row.reduce((sum, r) => sum + blocked(r), 0);
}

interface PlacedRow {
  places: Rect[][];
  blocked: (r: Rect) => number;
  /** What the checks count against a badge at this spot (checks.ts badgesOnBorders, badgesBesideLines). */
  flagged: (r: Rect) => boolean;
  row: Rect[];
}

/**
 * A flagged badge weighs more than any crowding and less than covering something (COVERS): the repairs below trade
 * crowding for fewer flagged badges, never the reverse, and never a badge over another or over a box.
 */
const FLAGGED = COVERS / 2;

/** How crowded a row would be at `row`, its flagged badges first (the row itself not in `taken`). */
function rowCost(row: readonly Rect[], r: PlacedRow): number {
  return row.reduce((sum, q) => sum + r.blocked(q) + (r.flagged(q) ? FLAGGED : 0), 0);
}

/** The cheapest of a row's places: the first that costs nothing, else the least costly, in the places' order. */
function cheapest(r: PlacedRow): Rect[] {
  let best: { row: Rect[]; cost: number } | undefined;
  for (const row of r.places) {
    const cost = rowCost(row, r);
    if (!best || cost < best.cost) best = { row, cost };
    if (cost === 0) break;
  }
  return best!.row;
}

/**
 * One row at a time, a row placed first can take the only clean spot of a later one where both would fit side by side
 * (service-types at summary: badges 2 and 3 on two short lines out of the API server 10 px apart, 3 in the middle of
 * its line, 2 then on etcd's border). A row left flagged (a badge on a border or beside another line, what
 * badgesOnBorders and badgesBesideLines count) whose better spots another row's badges cover is placed again together
 * with that row: the two rows' spots of least total cost (rowCost: flagged badges first, then crowding) whose discs
 * stay GAP apart (discsApart: two discs side by side on lines 10 px apart, not their squares), taken when that total is
 * lower than theirs now; else clearTheWay. `taken` holds every placed badge (and the text labels), and is kept so.
 */
function repairRows(placed: PlacedRow[], taken: Rect[]): void {
  const without = (rects: readonly Rect[]) => {
    for (const r of rects) {
      const i = taken.indexOf(r);
      if (i >= 0) taken.splice(i, 1);
    }
  };
  for (const a of placed) {
    without(a.row);
    if (a.places.length === 0 || !a.row.some(a.flagged)) {
      taken.push(...a.row);
      continue;
    }
    // Spots better than a's own were the other badges not there: the rows covering them are its blockers.
    const now = rowCost(a.row, a);
    const badges = placed.filter((o) => o !== a).flatMap((o) => o.row);
    without(badges);
    const better = a.places.filter((p) => rowCost(p, a) < now);
    const free = new Map(better.map((p) => [p, rowCost(p, a)]));
    taken.push(...badges);
    const blockers = placed.filter((b) => b !== a && b.places.length > 0 && better.some((p) => p.some((r) => b.row.some((t) => overlaps(r, t, GAP)))));
    for (const b of blockers) {
      without(b.row);
      const costed = (r: PlacedRow) => r.places.map((row) => ({ row, cost: rowCost(row, r) })).sort((x, y) => x.cost - y.cost);
      const [ca, cb] = [costed(a), costed(b)];
      let best = { cost: rowCost(a.row, a) + rowCost(b.row, b), rows: [a.row, b.row] };
      for (const pa of ca) {
        if (pa.cost + cb[0]!.cost >= best.cost) break;
        for (const pb of cb) {
          if (pa.cost + pb.cost >= best.cost) break;
          if (pa.row.some((r) => pb.row.some((t) => !discsApart(r, t)))) continue;
          best = { cost: pa.cost + pb.cost, rows: [pa.row, pb.row] };
          break;
        }
      }
      [a.row, b.row] = [best.rows[0]!, best.rows[1]!];
      taken.push(...b.row);
      if (!a.row.some(a.flagged)) break;
    }
    if (a.row.some(a.flagged)) clearTheWay(a, [...better].sort((p, q) => free.get(p)! - free.get(q)!), placed, taken, without);
    taken.push(...a.row);
  }
}

/** Spots clearTheWay tries for a row, best first. */
const CLEAR_TRIES = 12;

/**
 * A row covered on its better spots by two rows at once (persistent-volumes at summary, its bundle spread: badge 3 on
 * a leg between badges 4 and 7, 20 px either side) finds no pair to place again: it takes one of those spots (`tries`,
 * the least costly first were the other badges not there) and the rows in its way are placed again one by one after
 * it, each on its cheapest spot left; kept when the rows involved cost less in total (fewer flagged badges first), else
 * all put back. `a` is not in `taken` (repairRows), and is not put there.
 */
function clearTheWay(a: PlacedRow, tries: readonly Rect[][], placed: readonly PlacedRow[], taken: Rect[], without: (rects: readonly Rect[]) => void): void {
  const total = (rows: readonly PlacedRow[]) =>
    rows.reduce((sum, r) => {
      without(r.row);
      const cost = rowCost(r.row, r);
      taken.push(...r.row);
      return sum + cost;
    }, 0);
  for (const p of tries.slice(0, CLEAR_TRIES)) {
    const blockers = placed.filter((b) => b !== a && b.places.length > 0 && p.some((r) => b.row.some((t) => overlaps(r, t, GAP))));
    if (blockers.length === 0) continue;
    const was = [a.row, ...blockers.map((b) => b.row)];
    taken.push(...a.row);
    const before = total([a, ...blockers]);
    without(a.row);
    a.row = p;
    taken.push(...p);
    for (const b of blockers) {
      without(b.row);
      b.row = cheapest(b);
      taken.push(...b.row);
    }
    const after = total([a, ...blockers]);
    without(a.row);
    if (after < before) return;
    for (const b of blockers) without(b.row);
    a.row = was[0]!;
    blockers.forEach((b, i) => {
      b.row = was[i + 1]!;
      taken.push(...b.row);
    });
  }
}

/** Two badges' discs at least GAP apart (their squares may come closer at the corners). */
function discsApart(a: Rect, b: Rect): boolean {
  return Math.hypot(a.x + a.width / 2 - b.x - b.width / 2, a.y + a.height / 2 - b.y - b.height / 2) >= (a.width + b.width) / 2 + GAP;
}

/** Weight of a badge centred on another edge's line, against touching a box (1) and covering something (COVERS). */
const ON_LINE = 100;
/** Weight of each other edge's line through a badge's disc off its centre. */
const BESIDE_LINE = 3;
/** Weight of another edge's line through the disc across the badge's own line (a crossing), as touching a box. */
const CROSS_LINE = 1;
/** Weight of a badge whose own end's border runs through its disc (borderThrough), against merely touching the box (1). */
const ON_BORDER = 2.5;

export interface Seg {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  horizontal: boolean;
}

/** An orthogonal segment passes through the point (cx, cy), within 1 px across it and 0.6 px past its ends. */
export function throughCentre(s: Seg, cx: number, cy: number): boolean {
  return s.horizontal ? Math.abs(s.y1 - cy) < 1 && cx >= s.x1 - 0.6 && cx <= s.x2 + 0.6 : Math.abs(s.x1 - cx) < 1 && cy >= s.y1 - 0.6 && cy <= s.y2 + 0.6;
}

/**
 * An orthogonal segment of the given direction crosses the disc of radius r round (cx, cy) off its centre: 1 px or more
 * from it and less than r − 0.6 (the chord it cuts overlaps the segment). `horizontal` restricts it to segments of one
 * direction (the check counts only lines parallel to the badge's own).
 */
export function besideCentre(s: Seg, cx: number, cy: number, r: number, horizontal?: boolean): boolean {
  if (horizontal !== undefined && s.horizontal !== horizontal) return false;
  const d = s.horizontal ? Math.abs(s.y1 - cy) : Math.abs(s.x1 - cx);
  if (d < 1 || d >= r - 0.6) return false;
  const half = Math.sqrt(r * r - d * d);
  return s.horizontal ? s.x1 < cx + half && s.x2 > cx - half : s.y1 < cy + half && s.y2 > cy - half;
}

/** An orthogonal path's segments, each from its lower to its higher coordinate (as checks.ts reads them). */
function lineSegments(points: readonly Point[]): Seg[] {
  const out: Seg[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    if (Math.abs(a.x - b.x) < 0.6 && Math.abs(a.y - b.y) < 0.6) continue;
    out.push({ x1: Math.min(a.x, b.x), y1: Math.min(a.y, b.y), x2: Math.max(a.x, b.x), y2: Math.max(a.y, b.y), horizontal: Math.abs(a.y - b.y) < 0.6 });
  }
  return out;
}

/**
 * Edges whose lines are one by design (checks.ts mayShare): between the same two boxes, or one interaction fanned
 * out from a box (the same number, an end in common). A badge may sit on such a line.
 */
function mayShareLine(a: LaidEdge, b: LaidEdge): boolean {
  if (a === b || [a.from, a.to].sort().join('\u0000') === [b.from, b.to].sort().join('\u0000')) return true;
  return a.number !== undefined && a.number === b.number && [a.from, a.to].some((n) => n === b.from || n === b.to);
}

interface Fan {
  /** Badge rows (edges between one pair of nodes) carrying the same numbers. */
  rows: LaidEdge[][];
  /** The node they all start or end at. */
  hub: string;
}

/** Rows with the same numbers that share a node, in first-occurrence order; every other row alone. */
function fans(rows: LaidEdge[][]): Fan[] {
  const signature = (r: LaidEdge[]) => r.map((e) => e.number!).sort((a, b) => a - b).join(',');
  const out: Fan[] = [];
  const bySig = new Map<string, Fan[]>();
  for (const row of rows) {
    const ends = [row[0]!.from, row[0]!.to];
    const sig = signature(row);
    const fan = (bySig.get(sig) ?? []).find((f) => ends.includes(f.hub) || (f.rows.length === 1 && [f.rows[0]![0]!.from, f.rows[0]![0]!.to].some((n) => ends.includes(n))));
    if (fan) {
      if (fan.rows.length === 1) fan.hub = [fan.rows[0]![0]!.from, fan.rows[0]![0]!.to].find((n) => ends.includes(n))!;
      fan.rows.push(row);
      continue;
    }
    const created: Fan = { rows: [row], hub: row[0]!.from };
    bySig.set(sig, [...(bySig.get(sig) ?? []), created]);
    out.push(created);
  }
  return out;
}

/** The edge's points starting at `hub`. */
function fromEnd(e: LaidEdge, hub: string): Point[] {
  return e.from === hub ? e.points : [...e.points].reverse();
}

function length(points: readonly Point[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  return total;
}

/** The stretch all paths share from their common start (orthogonal routes: up to where the first one turns away). */
function commonPrefix(paths: Point[][]): Point[] {
  const same = (a: Point, b: Point) => Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5;
  const first = paths[0]!;
  if (!paths.every((p) => p.length > 0 && same(p[0]!, first[0]!))) return [first[0]!];
  const out: Point[] = [first[0]!];
  for (let i = 1; i < first.length; i++) {
    if (paths.every((p) => p.length > i && same(p[i]!, first[i]!))) {
      out.push(first[i]!);
      continue;
    }
    // Same direction from the last shared point: they share up to the nearest next point.
    const from = out[out.length - 1]!;
    const next = paths.map((p) => p[i]).filter((q): q is Point => q !== undefined);
    if (next.length !== paths.length) break;
    const dir = (q: Point) => `${Math.sign(Math.round(q.x - from.x))},${Math.sign(Math.round(q.y - from.y))}`;
    if (new Set(next.map(dir)).size === 1 && (next[0]!.x === from.x || next[0]!.y === from.y)) {
      next.sort((a, b) => Math.hypot(a.x - from.x, a.y - from.y) - Math.hypot(b.x - from.x, b.y - from.y));
      out.push(next[0]!);
    }
    break;
  }
  return out;
}
