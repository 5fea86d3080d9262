/**
 * kubectl requests that the model records by hand (SelfSubjectAccessReview,
 * pods/log, pods/exec) reach the API server the way every kubectl request
 * does: through the load balancer when there are several API servers.
 */
import type { EventInput } from '../../trace/recorder.ts';
import { LB_ID } from '../apiserver/load-balancer.ts';
import type { World } from '../components/world.ts';
import { KUBECTL_ID } from './session.ts';

export interface ApiEntry {
  /** The API server instance that handles the request. */
  server: string;
  /** Last recorded event (the request as the server received it). */
  id: string;
  viaLb: boolean;
}

/** Records kubectl's request (and the load balancer's forward); `undefined` server when none is healthy. */
export function enterApi(w: World, ev: Omit<EventInput, 'from' | 'to' | 'cause'>, cause: string | null): ApiEntry | undefined {
  const lb = w.api.lb;
  if (!lb) return { server: w.api.id, id: w.rec.emit({ ...ev, from: KUBECTL_ID, to: w.api.id, cause }), viaLb: false };
  const first = w.rec.emit({ ...ev, from: KUBECTL_ID, to: LB_ID, cause });
  const server = lb.pick();
  if (!server) {
    w.rec.emit({ type: 'response', from: LB_ID, to: KUBECTL_ID, status: 503, result: 'unavailable', summary: '503 no healthy API server', cause: first });
    return undefined;
  }
  return { server, id: w.rec.emit({ ...ev, from: LB_ID, to: server, cause: first, attrs: { balancing: 'round-robin', healthy: lb.healthy().length } }), viaLb: true };
}

/** Records the API server's answer to kubectl (relayed by the load balancer); returns the last event. */
export function leaveApi(w: World, entry: ApiEntry, ev: Omit<EventInput, 'from' | 'to' | 'cause'>, cause: string): string {
  if (!entry.viaLb) return w.rec.emit({ ...ev, from: entry.server, to: KUBECTL_ID, cause });
  const back = w.rec.emit({ ...ev, from: entry.server, to: LB_ID, cause });
  return w.rec.emit({ ...ev, from: LB_ID, to: KUBECTL_ID, cause: back });
}
