/**
 * Pruning of ControllerRevision history (pkg/controller/history and the
 * StatefulSet and DaemonSet controllers' own pruning), pure: which old
 * revisions go once there are more than spec.revisionHistoryLimit.
 */
/** A ControllerRevision as history pruning sees it. */
export interface RevisionRef {
  name: string;
  revision: number;
  /** controller-revision-hash label (DaemonSet revisions). */
  hash?: string;
}

/** history.SortControllerRevisions: by revision number (then name; the model's revisions of one owner have distinct numbers). */
export function sortRevisions(revs: readonly RevisionRef[]): RevisionRef[] {
  return [...revs].sort((a, b) => a.revision - b.revision || a.name.localeCompare(b.name));
}

/**
 * truncateHistory (stateful_set_control.go): the revisions that are neither
 * the current nor the update revision nor any pod's revision are history;
 * beyond revisionHistoryLimit, the oldest of them are deleted.
 */
export function statefulSetHistoryToDelete(revisions: readonly RevisionRef[], live: ReadonlySet<string>, limit: number): string[] {
  const history = sortRevisions(revisions).filter((r) => !live.has(r.name));
  return history.length <= limit ? [] : history.slice(0, history.length - limit).map((r) => r.name);
}

/**
 * cleanupHistory (pkg/controller/daemon/update.go): of the old revisions
 * (every one but the current), as many as exceed revisionHistoryLimit are
 * deleted, oldest first, skipping those whose hash a daemon pod still carries.
 */
export function daemonSetHistoryToDelete(old: readonly RevisionRef[], liveHashes: ReadonlySet<string>, limit: number): string[] {
  let toKill = old.length - limit;
  const out: string[] = [];
  for (const r of sortRevisions(old)) {
    if (toKill <= 0) break;
    if (r.hash !== undefined && liveHashes.has(r.hash)) continue;
    out.push(r.name);
    toKill--;
  }
  return out;
}
