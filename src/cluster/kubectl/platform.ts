/**
 * kubectl verbs of the platform half of the model (RBAC, logs/exec, node
 * maintenance, metadata edits), dispatched from `./index.ts`. One table, so
 * adding a verb never touches the shared dispatcher.
 */
import { runAuth } from './auth.ts';
import { runExec, runLogs } from './logs-exec.ts';
import { MAINTENANCE_VERBS } from './node-maintenance.ts';
import type { Session } from './session.ts';
import { runTop } from './top.ts';
import { runCp, runPortForward } from './stream.ts';
import { runEvents } from './events.ts';
import { runApiResources } from './api-resources.ts';

export const PLATFORM_VERBS: Record<string, (s: Session) => void> = {
  auth: runAuth,
  logs: runLogs,
  exec: runExec,
  ...MAINTENANCE_VERBS,
  // metrics-server through the aggregation layer; streams to the kubelet; discovery.
  top: runTop,
  'port-forward': runPortForward,
  cp: runCp,
  events: runEvents,
  'api-resources': runApiResources,
};
