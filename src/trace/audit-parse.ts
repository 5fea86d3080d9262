/**
 * Reading a Kubernetes API server audit log (`audit.k8s.io/v1` or `v1beta1`
 * Event objects, one JSON object per line) into one record per request:
 * the stages of one `auditID` are merged, the latest stage's data winning.
 * Bad lines are Diagnostics with `file:line`; reading goes on so that every
 * problem of a file is reported at once.
 */
import type { Diagnostic } from '../common/diagnostic.ts';

export const AUDIT_API_VERSIONS = ['audit.k8s.io/v1', 'audit.k8s.io/v1beta1'] as const;
const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
export type AuditStage = (typeof STAGES)[number];

export interface AuditUser {
  username: string;
  groups: string[];
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
  stages: AuditStage[];
  verb: string;
  requestURI: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs: string[];
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
}

export function parseAuditLog(text: string, file: string): AuditParse {
  const diagnostics: Diagnostic[] = [];
  const byId = new Map<string, AuditRequest>();
  const lines = text.split(/\r?\n/);
  let count = 0;
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    count++;
    const problem = (message: string, code: string, hint?: string) =>
      diagnostics.push({
        code,
        severity: 'error',
        message,
        file,
        start: { line: i + 1, column: 1 },
        end: { line: i + 1, column: raw.length + 1 },
        sourceLine: raw.length > 200 ? raw.slice(0, 200) + '…' : raw,
        ...(hint ? { hint } : {}),
      });
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      problem(`not a JSON object: ${(e as Error).message}`, 'audit-json', 'an audit log has one JSON Event per line (--log-format=json)');
      return;
    }
    const merged = mergeLine(data, i + 1, byId, problem);
    if (merged) byId.set(merged.auditID, merged);
  });
  const requests = [...byId.values()].sort((a, b) => a.receivedMs - b.receivedMs || a.line - b.line);
  return { requests, diagnostics, lines: count };
}

function mergeLine(
  data: unknown,
  line: number,
  byId: Map<string, AuditRequest>,
  problem: (message: string, code: string, hint?: string) => void,
): AuditRequest | undefined {
  if (!isObj(data)) return void problem('not a JSON object', 'audit-json');
  if (data.kind !== 'Event') return void problem(`expected kind "Event", found ${JSON.stringify(data.kind)}`, 'audit-kind');
  if (!AUDIT_API_VERSIONS.includes(data.apiVersion as (typeof AUDIT_API_VERSIONS)[number])) {
    return void problem(`unsupported apiVersion ${JSON.stringify(data.apiVersion)}`, 'audit-version', `supported: ${AUDIT_API_VERSIONS.join(', ')}`);
  }
  const auditID = str(data.auditID);
  const stage = str(data.stage) as AuditStage | undefined;
  const verb = str(data.verb);
  const u = user(data.user);
  const missing = [!auditID && 'auditID', !stage && 'stage', !verb && 'verb', !u && 'user.username'].filter(Boolean);
  if (missing.length > 0) return void problem(`audit event without ${missing.join(', ')}`, 'audit-field');
  if (!STAGES.includes(stage!)) return void problem(`unknown stage ${JSON.stringify(stage)}`, 'audit-stage', `known stages: ${STAGES.join(', ')}`);
  // v1 has requestReceivedTimestamp/stageTimestamp; v1beta1 has timestamp.
  const received = epochMs(data.requestReceivedTimestamp) ?? epochMs(data.timestamp) ?? epochMs(data.stageTimestamp);
  if (received === undefined) return void problem('audit event without a valid timestamp', 'audit-field');
  const stageMs = epochMs(data.stageTimestamp) ?? epochMs(data.timestamp) ?? received;
  const prev = byId.get(auditID!);
  const status = isObj(data.responseStatus) ? data.responseStatus : undefined;
  const rec: AuditRequest = {
    auditID: auditID!,
    line: prev?.line ?? line,
    stages: [...new Set([...(prev?.stages ?? []), stage!])],
    verb: verb!,
    requestURI: str(data.requestURI) ?? prev?.requestURI ?? '/',
    user: u!,
    impersonatedUser: user(data.impersonatedUser) ?? prev?.impersonatedUser,
    sourceIPs: Array.isArray(data.sourceIPs) ? data.sourceIPs.filter((s): s is string => typeof s === 'string') : prev?.sourceIPs ?? [],
    userAgent: str(data.userAgent) ?? prev?.userAgent,
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
