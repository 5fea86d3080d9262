/**
 * An architecture edge's interactions in few words, for its legend entry:
 * labels that act on the same thing share it, and things acted on the same
 * ways share their verbs.
 *
 * - `store in etcd`, `read from etcd`, `delete from etcd` → `store / read / delete in etcd`;
 * - `run pod sandbox`, `create container`, `start container` → `run pod sandbox, create / start container`;
 * - `GET configmaps`, `POST configmaps`, `GET secrets`, `POST secrets`, `GET events` → `GET/POST configmaps, secrets, GET events`;
 * - `readiness probe`, `liveness probe` → `readiness / liveness probe`.
 *
 * Labels read in the order things happen: a Pod's runtime calls in the
 * kubelet's order (LIFECYCLE: `create sandbox, start container`, though the
 * sandbox drawn was another Pod's, made after the first one's restart), the
 * rest in order of first use.
 *
 * A list longer than `max` things is cut with the project's `+N more`
 * (views/common/more.ts), never with `…`: `watch services, statefulsets, PVCs, +4 more`.
 * An act (a subresource other than a status: `pods/binding`, `pods/eviction`)
 * is never the part cut: `PATCH pods/status, POST pods/binding, +2 more`, not
 * `PATCH pods/status, PVCs, +2 more`, for the scheduler whose edge the binding
 * is about; the things named stay in their order.
 * HTTP methods are joined without spaces (`GET/POST`), as everywhere in the
 * views; words with spaces around the slash (`create / start`), so a line may
 * break between them.
 */
import { keptItems, withMore } from '../common/more.ts';

/** A label as what it does and to what: `create container` → `create`, `container`. */
interface Phrase {
  verb: string;
  object: string;
}

const API_REQUEST = /^([A-Z]+) (\S+)$/;
/** `store in etcd`, `read from etcd`: one object, `in etcd`, whatever the preposition. */
const ETCD = /^([a-z]+) (?:in|from) etcd$/;
/** `create container`, `readiness probe`, `HTTP 404 Not Found`: a first word and the rest. */
const WORDS = /^([A-Za-z]+) (.+)$/;

export interface PhraseOptions {
  /** Most things acted on that are named; the rest are counted (`+2 more`). */
  max: number;
  /**
   * A status update is an update of the object (`POST replicasets` and `PUT replicasets/status` →
   * `POST/PUT replicasets`) when the object is named too: a summary's view. Alone it keeps its
   * subresource (the kubelet's `PATCH pods/status`).
   */
  foldStatus?: boolean;
}

/** A label as a verb and an object, or null when it is one piece (`exec`, `pleg relist` is two words but reads as one). */
function phraseOf(label: string, named: ReadonlySet<string>): Phrase | null {
  const api = API_REQUEST.exec(label);
  if (api !== null) {
    const base = api[2]!.replace(/\/status$/, '');
    return { verb: api[1]!, object: named.has(base) ? base : api[2]! };
  }
  const etcd = ETCD.exec(label);
  if (etcd !== null) return { verb: etcd[1]!, object: 'in etcd' };
  const words = WORDS.exec(label);
  return words === null ? null : { verb: words[1]!, object: words[2]! };
}

/** One clause: the verbs (in order of first use) and the things they all act on. */
interface Clause {
  verbs: string[];
  objects: string[];
}

/**
 * What the kubelet does to run a Pod and to stop it, in the order it does it
 * (pkg/kubelet: volumes attached and mounted, then kuberuntime's SyncPod:
 * sandbox, image, containers; killPod the other way round).
 */
const LIFECYCLE: readonly string[] = [
  'verify attached',
  'mount volume',
  'run pod sandbox',
  'cni add',
  'create sandbox',
  'pull image',
  'generate container config',
  'create container',
  'start container',
  'stop container',
  'stop pod sandbox',
  'cni del',
  'unmount volume',
  'detach volume',
];

/**
 * The distinct labels in order of first use, except that the lifecycle's labels among them take
 * their places in LIFECYCLE's order: `start container`, `watch pods`, `create sandbox` →
 * `create sandbox`, `watch pods`, `start container`.
 */
export function lifecycleOrder(labels: readonly string[]): string[] {
  const distinct = [...new Set(labels)];
  const rank = (l: string) => LIFECYCLE.indexOf(l);
  const ranked = distinct.filter((l) => rank(l) >= 0).sort((a, b) => rank(a) - rank(b));
  let next = 0;
  return distinct.map((l) => (rank(l) >= 0 ? ranked[next++]! : l));
}

/** Labels that are one piece stand as a clause of their own, as an object without a verb. */
function clausesOf(labels: readonly string[], opts: PhraseOptions): { clauses: Clause[]; written: Map<string, string> } {
  const verbsOf = new Map<string, string[]>();
  const verbOrder: string[] = [];
  // Objects named by an API request without a subresource: their status updates fold into them.
  const named = new Set(opts.foldStatus === true ? labels.flatMap((l) => API_REQUEST.exec(l)?.[2] ?? []) : []);
  /** The label a verb and object came from: one verb on one object reads as it was written (`read from etcd`). */
  const written = new Map<string, string>();
  for (const label of lifecycleOrder(labels)) {
    const p = phraseOf(label, named);
    // `PUT replicasets` is written so when it is among the labels, not as its folded `PUT replicasets/status`.
    const said = p === null ? '' : `${p.verb} ${p.object}`;
    if (p !== null && (label === said || !written.has(said))) written.set(said, label);
    const verb = p?.verb ?? '';
    const object = p?.object ?? label;
    // The same object written by a one-piece label and a phrase stays apart: key by both.
    const key = p === null ? `\0${label}` : object;
    const verbs = verbsOf.get(key) ?? [];
    if (!verbs.includes(verb)) verbs.push(verb);
    verbsOf.set(key, verbs);
    if (!verbOrder.includes(verb)) verbOrder.push(verb);
  }
  const clauses = new Map<string, Clause>();
  for (const [key, verbs] of verbsOf) {
    verbs.sort((a, b) => verbOrder.indexOf(a) - verbOrder.indexOf(b));
    const object = key.startsWith('\0') ? key.slice(1) : key;
    const id = key.startsWith('\0') ? key : verbs.join('\0');
    const clause = clauses.get(id) ?? { verbs, objects: [] };
    clause.objects.push(object);
    clauses.set(id, clause);
  }
  return { clauses: [...clauses.values()], written };
}

function clauseText(c: Clause, written: ReadonlyMap<string, string>): string {
  const verbs = c.verbs.filter((v) => v !== '');
  if (verbs.length === 0) return c.objects.join(', ');
  if (verbs.length === 1 && c.objects.length === 1) return written.get(`${verbs[0]!} ${c.objects[0]!}`) ?? `${verbs[0]!} ${c.objects[0]!}`;
  const sep = verbs.every((v) => /^[A-Z]+$/.test(v)) ? '/' : ' / ';
  return `${verbs.join(sep)} ${c.objects.join(', ')}`;
}

/**
 * A request to a subresource other than a status: an act of its own, what the component is there for
 * (`pods/binding`: the scheduler binds; `pods/eviction`: a drain evicts), not a write of an object.
 */
const ACT = /^[a-z]+\/(?!status$)[a-z]+$/;

/** The labels in few words, at most `max` things named (`+N more` for the rest), acts (ACT) named first. */
export function phraseLabels(labels: readonly string[], opts: PhraseOptions): string {
  const { clauses, written } = clausesOf(labels, opts);
  // Each thing acted on as `clause\0object`, so the ones named can be told apart and put back in their clauses.
  const things = clauses.flatMap((c, i) => c.objects.map((o) => `${i}\0${o}`));
  const named = keptItems(things, opts.max, (t) => ACT.test(t.slice(t.indexOf('\0') + 1)));
  const kept = new Set(named.filter((t) => t.includes('\0')));
  const shown = clauses.flatMap((c, i) => {
    const objects = c.objects.filter((o) => kept.has(`${i}\0${o}`));
    return objects.length > 0 ? [clauseText({ verbs: c.verbs, objects }, written)] : [];
  });
  return withMore(shown, things.length - kept.size);
}
