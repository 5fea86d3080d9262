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
 * A list longer than `max` things is cut with the project's `+N more`
 * (views/common/more.ts), never with `…`: `watch services, statefulsets, PVCs, +4 more`.
 * HTTP methods are joined without spaces (`GET/POST`), as everywhere in the
 * views; words with spaces around the slash (`create / start`), so a line may
 * break between them.
 */
import { withMore } from '../common/more.ts';

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

/** Labels that are one piece stand as a clause of their own, as an object without a verb. */
function clausesOf(labels: readonly string[], opts: PhraseOptions): { clauses: Clause[]; written: Map<string, string> } {
  const verbsOf = new Map<string, string[]>();
  const verbOrder: string[] = [];
  // Objects named by an API request without a subresource: their status updates fold into them.
  const named = new Set(opts.foldStatus === true ? labels.flatMap((l) => API_REQUEST.exec(l)?.[2] ?? []) : []);
  /** The label a verb and object came from: one verb on one object reads as it was written (`read from etcd`). */
  const written = new Map<string, string>();
  for (const label of new Set(labels)) {
    const p = phraseOf(label, named);
    if (p !== null) written.set(`${p.verb} ${p.object}`, label);
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

/** The labels in few words, at most `max` things named (`+N more` for the rest). */
export function phraseLabels(labels: readonly string[], opts: PhraseOptions): string {
  const { clauses, written } = clausesOf(labels, opts);
  const total = clauses.reduce((n, c) => n + c.objects.length, 0);
  // Never more than `max` items, the count being one of them (views/common/more.ts firstOf).
  const budget = total <= opts.max ? total : Math.max(1, opts.max - 1);
  const shown: string[] = [];
  let left = budget;
  for (const c of clauses) {
    if (left === 0) break;
    const objects = c.objects.slice(0, left);
    left -= objects.length;
    shown.push(clauseText({ verbs: c.verbs, objects }, written));
  }
  return withMore(shown, total - budget);
}
