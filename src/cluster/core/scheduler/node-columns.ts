/**
 * The numbers a scheduling cycle reads from every scanned node, kept in typed
 * arrays (one row per node, in the order of the caller's node list) so the
 * scan and the one-pass scores read a few contiguous kilobytes instead of six
 * or seven objects per node scattered over the heap: at 1,000 nodes a cycle
 * scans 420 of them, and the objects' cache misses, not the arithmetic, were
 * the cost of a cycle in a large simulation.
 *
 * The caller keeps one NodeColumns beside its node list and passes it with
 * every cycle (`ScheduleOptions.columns`); `sync` compares each row with the
 * list's NodeInfo by identity (NodeInfos are immutable: a change is a new
 * object) and refreshes only the rows that changed, so a cycle after one
 * binding refreshes one row. Every figure here is one a NodeInfo field holds,
 * so a cycle answers exactly as from the objects.
 */
import type { NodeInfo } from './types.ts';

export class NodeColumns {
  /** The NodeInfo each row was read from. */
  private rows: (NodeInfo | undefined)[] = [];
  private names: string[] = [];
  private ranksStale = true;
  /** 1: schedulable and without taints (the filters' quick pass can apply). */
  plain = new Uint8Array(0);
  /** 1: the node has taints. */
  tainted = new Uint8Array(0);
  allocCpu = new Float64Array(0);
  allocMemory = new Float64Array(0);
  allocPods = new Float64Array(0);
  podCount = new Float64Array(0);
  requestedCpu = new Float64Array(0);
  requestedMemory = new Float64Array(0);
  /** `nonZeroRequested`, or `requested` when the NodeInfo has none (as the scorers read it). */
  nonZeroCpu = new Float64Array(0);
  nonZeroMemory = new Float64Array(0);
  /** Each row's position in name order (equal names, equal ranks): `rank[a] < rank[b]` exactly when name a < name b. */
  rank = new Int32Array(0);
  /** The image `imageSize` answers for, each node's size of it and whether the node has it. */
  private image: string | undefined;
  private imageSizes = new Float64Array(0);
  private hasImage = new Uint8Array(0);

  /** Brings every row up to date with `nodes` (rows whose NodeInfo is the same object are not read again). */
  sync(nodes: readonly NodeInfo[]): void {
    const n = nodes.length;
    if (n !== this.rows.length) this.resize(n);
    const rows = this.rows;
    for (let i = 0; i < n; i++) {
      const node = nodes[i] as NodeInfo;
      if (rows[i] !== node) this.refresh(i, node);
    }
    if (this.ranksStale) this.rerank();
  }

  /** The size of `image` on the node of row `i` (undefined when absent); the column is rebuilt when the image changes. */
  imageSize(image: string, i: number): number | undefined {
    if (image !== this.image) {
      this.image = image;
      for (let r = 0; r < this.rows.length; r++) this.readImage(r, this.rows[r]!);
    }
    return this.hasImage[i] === 1 ? this.imageSizes[i] : undefined;
  }

  private readImage(i: number, node: NodeInfo): void {
    const size = node.images[this.image!];
    this.hasImage[i] = size === undefined ? 0 : 1;
    this.imageSizes[i] = size ?? 0;
  }

  private resize(n: number): void {
    this.rows = new Array<NodeInfo | undefined>(n).fill(undefined);
    this.names = new Array<string>(n).fill('');
    this.plain = new Uint8Array(n);
    this.tainted = new Uint8Array(n);
    this.allocCpu = new Float64Array(n);
    this.allocMemory = new Float64Array(n);
    this.allocPods = new Float64Array(n);
    this.podCount = new Float64Array(n);
    this.requestedCpu = new Float64Array(n);
    this.requestedMemory = new Float64Array(n);
    this.nonZeroCpu = new Float64Array(n);
    this.nonZeroMemory = new Float64Array(n);
    this.rank = new Int32Array(n);
    this.imageSizes = new Float64Array(n);
    this.hasImage = new Uint8Array(n);
    this.image = undefined;
    this.ranksStale = true;
  }

  private refresh(i: number, node: NodeInfo): void {
    this.rows[i] = node;
    if (this.names[i] !== node.name) {
      this.names[i] = node.name;
      this.ranksStale = true;
    }
    const tainted = node.taints.length !== 0;
    this.tainted[i] = tainted ? 1 : 0;
    this.plain[i] = !tainted && !node.unschedulable ? 1 : 0;
    this.allocCpu[i] = node.allocatable.cpuMillis;
    this.allocMemory[i] = node.allocatable.memoryBytes;
    this.allocPods[i] = node.allocatable.pods;
    this.podCount[i] = node.podCount;
    this.requestedCpu[i] = node.requested.cpuMillis;
    this.requestedMemory[i] = node.requested.memoryBytes;
    const nonZero = node.nonZeroRequested ?? node.requested;
    this.nonZeroCpu[i] = nonZero.cpuMillis;
    this.nonZeroMemory[i] = nonZero.memoryBytes;
    if (this.image !== undefined) this.readImage(i, node);
  }

  private rerank(): void {
    const names = this.names;
    const order = names.map((_, i) => i).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
    let rank = 0;
    for (let k = 0; k < order.length; k++) {
      if (k > 0 && names[order[k]!] !== names[order[k - 1]!]) rank = k;
      this.rank[order[k]!] = rank;
    }
    this.ranksStale = false;
  }
}
