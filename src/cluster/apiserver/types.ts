/** What clients send to the API server and what they get back. */
import type { TraceEvent } from '../../trace/types.ts';
import type { Obj } from '../core/object.ts';
import type { ResourceInfo } from '../core/resources.ts';
import type { Identity } from './identity.ts';

export type Verb = 'create' | 'get' | 'list' | 'update' | 'patch' | 'delete';

export interface ApiRequest {
  /** Component id of the caller. */
  from: string;
  who: Identity;
  verb: Verb;
  resource: ResourceInfo;
  namespace?: string;
  name?: string;
  /** `status`, `binding`, `scale`. */
  subresource?: string;
  /** create / update: the object sent. */
  body?: Obj;
  /** patch: computes the new object from the live one (null: nothing to change). */
  patch?: (live: Obj) => Obj | null;
  /** list: which objects (kubectl -l). */
  match?: (o: Obj) => boolean;
  /** delete: how dependents go (kubectl's default is Background). */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** delete: 0 forces immediate removal of a pod (the kubelet's final delete). */
  gracePeriodSeconds?: number;
  cause: string | null;
  /** Extra label for the request event, e.g. `(create pod web-…)`. */
  note?: string;
  /**
   * `fieldValidation=Strict` (kubectl's default `--validate=strict`): a field
   * the schema does not know is an error instead of being dropped.
   */
  fieldValidation?: 'Strict';
  /** Several API servers: the instance a control-plane component talks to (its own node's); default the first. */
  server?: string;
}

export interface ApiResponse {
  status: number;
  result: NonNullable<TraceEvent['result']>;
  object?: Obj;
  items?: Obj[];
  /** Kubernetes StatusReason: NotFound, AlreadyExists, Conflict, Forbidden, Invalid, ServiceUnavailable. */
  reason?: string;
  /** Status message as the API server writes it. */
  message?: string;
  /**
   * What client-go makes of an answer it cannot decode as a Status (the
   * timeout filter's 504 is written as text/plain): its generic message, which
   * kubectl prints instead of `message`.
   */
  clientMessage?: string;
  /** For Invalid: every field error. */
  causes?: string[];
  /** Id of the response event (the cause of what the client does next). */
  eventId: string;
}

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchType;
  object: Obj;
  old?: Obj;
  /** Id of the recorded watch notification. */
  cause: string;
}

export interface WatchSpec {
  /** Component id of the watcher. */
  component: string;
  kinds: string[];
  /** Field selector `spec.nodeName=<node>` (a kubelet's pod watch). */
  nodeName?: string;
  /** Whether the watcher acts on this object; notifications it would ignore are not delivered (nor recorded). */
  filter?: (o: Obj, type: WatchType, old?: Obj) => boolean;
  handler: (ev: WatchEvent) => void;
}
