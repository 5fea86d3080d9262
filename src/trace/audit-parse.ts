/**
 * Reading a Kubernetes API server audit log (`audit.k8s.io/v1` or `v1beta1`
 * Event objects, one JSON object per line) into one record per request:
 * the stages of one `auditID` are merged, the latest stage's data winning.
 * `AuditLogReader` takes one line at a time (the CLI streams the file through
 * it), keeping only the merged requests. Bad lines are Diagnostics with
 * `file:line:col` (the column of the JSON syntax error or of the offending
 * value, found with jsonc-parser on the bad line only); reading goes on so
 * that every problem of a file is reported at once, up to MAX_DIAGNOSTICS.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { jsonSyntaxError } from './json-syntax.ts';
import type { Diagnostic } from '../common/diagnostic.ts';

export const AUDIT_API_VERSIONS = ['audit.k8s.io/v1', 'audit.k8s.io/v1beta1'] as const;
const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
export type AuditStage = (typeof STAGES)[number];

export interface AuditUser {
  username: string;
  groups: readonly string[];
}

export interface AuditObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion?: string;
  subresource?: string;
}

/** One request: every stage of one auditID, merged. */
export interface AuditRequest {
  auditID: string;
  /** Line of the first stage seen (for stable ordering and messages). */
  line: number;
  stages: readonly AuditStage[];
  verb: string;
  requestURI: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs: readonly string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  code?: number;
  reason?: string;
  message?: string;
  /** Epoch ms of when the request was received / completed. */
  receivedMs: number;
  completedMs?: number;
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function user(v: unknown): AuditUser | undefined {
  if (!isObj(v) || typeof v.username !== 'string') return undefined;
  const groups = Array.isArray(v.groups) ? v.groups.filter((g): g is string => typeof g === 'string') : [];
  return { username: v.username, groups };
}

function objectRef(v: unknown): AuditObjectRef | undefined {
  if (!isObj(v)) return undefined;
  const out: AuditObjectRef = {};
  for (const k of ['resource', 'namespace', 'name', 'apiGroup', 'apiVersion', 'subresource'] as const) {
    const s = str(v[k]);
    if (s) out[k] = s;
  }
  return out;
}

/** RFC 3339 with up to nanoseconds; Date.parse keeps milliseconds. */
function epochMs(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? undefined : ms;
}

export interface AuditParse {
  requests: AuditRequest[];
  diagnostics: Diagnostic[];
  /** Non-blank lines read. */
  lines: number;
  /** Lines per stage (a log of RequestReceived only has no outcomes). */
  stages: Record<AuditStage, number>;
}

/** Diagnostics kept in full; the rest are counted in one last diagnostic. */
export const MAX_DIAGNOSTICS = 50;

const FORMAT_HINT = 'an audit log has one JSON Event per line: run the API server with --audit-log-format=json (the default "legacy" format is one text line per event)';

/** Reads an audit log line by line (numbered from 1), merging the stages of each request. */
export class AuditLogReader {
  private readonly byId = new Map<string, AuditRequest>();
  private readonly kept: Diagnostic[] = [];
  private dropped = 0;
  private firstDropped = 0;
  /** Repeated strings (user names, groups, user agents, source IPs) stored once. */
  private readonly strings = new Map<string, string>();
  /** Equal users, source IP lists and stage lists shared as one (read-only) object. */
  private readonly objects = new Map<string, unknown>();
  lines = 0;
  readonly stages: Record<AuditStage, number> = { RequestReceived: 0, ResponseStarted: 0, ResponseComplete: 0, Panic: 0 };

  constructor(readonly file: string) {}

  add(raw: string, line: number): void {
    if (raw.trim() === '') return;
    this.lines++;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      // Found again with jsonc-parser (only for the diagnostics shown): its column and words are the same on every Node version.
      const syntax = this.kept.length < MAX_DIAGNOSTICS ? jsonSyntaxError(raw, e) : { column: 1, message: '' };
      const legacy = /^\d{4}-\d{2}-\d{2}T\S+ AUDIT: /.test(raw);
      const why = legacy ? 'a legacy-format audit line, not JSON' : `not a JSON object: ${syntax.message}`;
      return this.problem(raw, line, () => syntax.column, why, 'audit-json', FORMAT_HINT);
    }
    const merged = this.merge(data, raw, line);
    if (merged) this.byId.set(merged.auditID, merged);
  }

  diagnostics(): Diagnostic[] {
    if (this.dropped === 0) return this.kept;
    return [
      ...this.kept,
      { code: 'audit-more', severity: 'error', message: `${this.dropped} more bad line${this.dropped === 1 ? '' : 's'} not shown (the first at line ${this.firstDropped})`, file: this.file, start: { line: this.firstDropped, column: 1 } },
    ];
  }

  /** The merged requests, by the time they were received (then by line). */
  requests(): AuditRequest[] {
    return [...this.byId.values()].sort((a, b) => a.receivedMs - b.receivedMs || a.line - b.line);
  }

  result(): AuditParse {
    return { requests: this.requests(), diagnostics: this.diagnostics(), lines: this.lines, stages: this.stages };
  }

  private intern(s: string): string {
    const had = this.strings.get(s);
    if (had !== undefined) return had;
    if (this.strings.size < 100_000) this.strings.set(s, s);
    return s;
  }

  private share<T>(key: string, make: () => T): T {
    const had = this.objects.get(key);
    if (had !== undefined) return had as T;
    const made = make();
    if (this.objects.size < 100_000) this.objects.set(key, made);
    return made;
  }

  private problem(raw: string, line: number, column: () => number, message: string, code: string, hint?: string): void {
    if (this.kept.length >= MAX_DIAGNOSTICS) {
      if (this.dropped++ === 0) this.firstDropped = line;
      return;
    }
    const col = column();
    this.kept.push({
      code,
      severity: 'error',
      message,
      file: this.file,
      start: { line, column: col },
      end: { line, column: col + 1 },
      sourceLine: excerpt(raw, col),
      ...(hint ? { hint } : {}),
    });
  }

  private merge(data: unknown, raw: string, line: number): AuditRequest | undefined {
    const at = (...path: string[]) => () => valueColumn(raw, path);
    const problem = (column: () => number, message: string, code: string, hint?: string) => this.problem(raw, line, column, message, code, hint);
    if (!isObj(data)) return void problem(() => 1, 'not a JSON object', 'audit-json', FORMAT_HINT);
    if (data.kind !== 'Event') return void problem(at('kind'), `expected kind "Event", found ${JSON.stringify(data.kind)}`, 'audit-kind');
    if (!AUDIT_API_VERSIONS.includes(data.apiVersion as (typeof AUDIT_API_VERSIONS)[number])) {
      return void problem(at('apiVersion'), `unsupported apiVersion ${JSON.stringify(data.apiVersion)}`, 'audit-version', `supported: ${AUDIT_API_VERSIONS.join(', ')}`);
    }
    const auditID = str(data.auditID);
    const stage = str(data.stage) as AuditStage | undefined;
    const verb = str(data.verb);
    const u = user(data.user);
    const missing = [!auditID && 'auditID', !stage && 'stage', !verb && 'verb', !u && 'user.username'].filter(Boolean) as string[];
    if (missing.length > 0) {
      // The first one is pointed at: say what stands there when it is not a string.
      const path = missing[0]!.split('.');
      const found = path.reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), data);
      const what = found === undefined ? '' : ` (${missing[0]} is ${JSON.stringify(found)}, not a string)`;
      return void problem(at(...path), `audit event without ${missing.join(', ')}${what}`, 'audit-field');
    }
    if (!STAGES.includes(stage!)) return void problem(at('stage'), `unknown stage ${JSON.stringify(stage)}`, 'audit-stage', `known stages: ${STAGES.join(', ')}`);
    // v1 has requestReceivedTimestamp/stageTimestamp; v1beta1 has timestamp.
    const received = epochMs(data.requestReceivedTimestamp) ?? epochMs(data.timestamp) ?? epochMs(data.stageTimestamp);
    if (received === undefined) {
      const key = ['requestReceivedTimestamp', 'timestamp', 'stageTimestamp'].find((k) => k in data) ?? 'requestReceivedTimestamp';
      return void problem(at(key), 'audit event without a valid timestamp', 'audit-field');
    }
    this.stages[stage!]++;
    const stageMs = epochMs(data.stageTimestamp) ?? epochMs(data.timestamp) ?? received;
    const prev = this.byId.get(auditID!);
    const status = isObj(data.responseStatus) ? data.responseStatus : undefined;
    const internUser = (x: AuditUser | undefined): AuditUser | undefined =>
      x && this.share(`u${JSON.stringify([x.username, x.groups])}`, () => ({ username: this.intern(x.username), groups: x.groups.map((g) => this.intern(g)) }));
    const ips = Array.isArray(data.sourceIPs) ? data.sourceIPs.filter((s): s is string => typeof s === 'string') : undefined;
    const agent = str(data.userAgent);
    const rec: AuditRequest = {
      auditID: auditID!,
      line: prev?.line ?? line,
      stages: prev?.stages.includes(stage!) ? prev.stages : this.share(`s${[...(prev?.stages ?? []), stage!].join(',')}`, () => [...(prev?.stages ?? []), stage!]),
      verb: this.intern(verb!),
      requestURI: str(data.requestURI) ?? prev?.requestURI ?? '/',
      user: prev && prev.user.username === u!.username ? prev.user : internUser(u)!,
      impersonatedUser: internUser(user(data.impersonatedUser)) ?? prev?.impersonatedUser,
      sourceIPs: ips ? this.share(`i${JSON.stringify(ips)}`, () => ips.map((s) => this.intern(s))) : prev?.sourceIPs ?? [],
      userAgent: agent !== undefined ? this.intern(agent) : prev?.userAgent,
      objectRef: objectRef(data.objectRef) ?? prev?.objectRef,
      code: typeof status?.code === 'number' ? status.code : prev?.code,
      reason: str(status?.reason) ?? prev?.reason,
      message: str(status?.message) ?? prev?.message,
      receivedMs: Math.min(prev?.receivedMs ?? received, received),
      completedMs: stage === 'RequestReceived' ? prev?.completedMs : Math.max(prev?.completedMs ?? stageMs, stageMs),
    };
    if (stage === 'Panic') rec.code = rec.code ?? 500;
    return rec;
  }
}

export function parseAuditLog(text: string, file: string): AuditParse {
  const reader = new AuditLogReader(file);
  let line = 0;
  for (const raw of text.split(/\r?\n/)) reader.add(raw, ++line);
  return reader.result();
}


/**
 * 1-based column of the value at `path` in the JSON object `raw`; when it is
 * absent, of the deepest object on the path that is there (`user` for a
 * missing `user.username`, the line's object for a missing `verb`).
 */
function valueColumn(raw: string, path: string[]): number {
  const tree = parseTree(raw);
  if (!tree) return 1;
  for (let n = path.length; n > 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n));
    if (node) return node.offset + 1;
  }
  return tree.offset + 1;
}

/** Lines longer than this are cut in diagnostics, but never before the column shown. */
const EXCERPT = 200;

/**
 * The bad line as a diagnostic shows it: audit lines run to thousands of
 * characters, so it is cut, but 40 characters after the column at the
 * earliest, so that the caret stands under the offending character.
 */
function excerpt(raw: string, column: number): string {
  const end = Math.max(EXCERPT, column + 40);
  return raw.length > end ? `${raw.slice(0, end)}…` : raw;
}
