/**
 * kubectl's metadata and node-maintenance commands, with kubectl's own
 * output: `label` and `annotate` (a PATCH of metadata), `taint nodes`,
 * `cordon` / `uncordon` (PATCH spec.unschedulable) and `drain` (cordon, then
 * evict every pod through the Eviction API and wait until they are gone).
 */
import { series } from '../core/async.ts';
import { clone, controllerOf, type Obj } from '../core/object.ts';
import { resourceForKind } from '../core/resources.ts';
import { flag, hasFlag } from './args.ts';
import { kindName, resolveType, serverError } from './resolve.ts';
import type { Session } from './session.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- node specs are plain JSON */
const NODE = resourceForKind('Node')!;
const POD = resourceForKind('Pod')!;
const DRAIN_POLL_MS = 1000;
const DRAIN_MAX_MS = 300_000;

/** `kubectl label|annotate TYPE NAME k=v [k2-] [--overwrite]`. */
function runMetadata(s: Session, field: 'labels' | 'annotations'): void {
  const [typeArg, maybeName, ...rest] = s.args.words;
  const [typeName, slashName] = typeArg?.includes('/') ? (typeArg.split('/') as [string, string]) : [typeArg ?? '', undefined];
  const name = slashName ?? maybeName;
  const pairs = slashName ? [maybeName, ...rest].filter((x): x is string => x !== undefined) : rest;
  const r = resolveType(typeName);
  const verb = field === 'labels' ? 'labeled' : 'annotated';
  if (!r || !name || pairs.length === 0) {
    s.error(!r ? `error: the server doesn't have a resource type "${typeName}"` : `error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
    return s.finish(1);
  }
  const overwrite = hasFlag(s.args, 'overwrite');
  let refused: string | undefined;
  s.call(
    {
      verb: 'patch', resource: r, namespace: r.namespaced ? (flag(s.args, 'namespace') ?? 'default') : undefined, name, note: pairs.join(' '),
      patch: (live) => {
        const next = clone(live);
        const m: Record<string, string> = { ...(next.metadata[field] ?? {}) };
        for (const p of pairs) {
          if (p.endsWith('-')) delete m[p.slice(0, -1)];
          else {
            const [k, v = ''] = p.split(/=(.*)/s) as [string, string?];
            if (m[k] !== undefined && m[k] !== v && !overwrite) refused = `error: '${k}' already has a value (${m[k]}), and --overwrite is false`;
            m[k] = v;
          }
        }
        if (refused) return null;
        if (JSON.stringify(m) === JSON.stringify(live.metadata[field] ?? {})) return null;
        next.metadata[field] = m;
        return next;
      },
    },
    (res) => {
      if (refused) {
        s.error(refused);
        return s.finish(1);
      }
      if (res.status !== 200) {
        s.error(serverError(res));
        return s.finish(1);
      }
      s.print(`${kindName(r)}/${name} ${verb}`);
      s.finish(0);
    },
  );
}

/** `kubectl taint nodes NAME key[=value]:Effect[-]`. */
function runTaint(s: Session): void {
  const [typeArg, name, ...specs] = s.args.words;
  if (!typeArg || !['node', 'nodes', 'no'].includes(typeArg) || !name || specs.length === 0) {
    s.error('error: at least one taint update is required');
    return s.finish(1);
  }
  const removing = specs.every((t) => t.endsWith('-'));
  s.call(
    {
      verb: 'patch', resource: NODE, name, note: specs.join(' '),
      patch: (live) => {
        const next = clone(live);
        let taints: any[] = [...(next.spec?.taints ?? [])];
        for (const t of specs) {
          const m = /^([^=:-][^=:]*)(?:=([^:]*))?(?::(NoSchedule|PreferNoSchedule|NoExecute))?(-)?$/.exec(t);
          if (!m) continue;
          const [, key, value, effect, minus] = m;
          if (minus) taints = taints.filter((x) => !(x.key === key && (!effect || x.effect === effect)));
          else if (effect) taints = [...taints.filter((x) => !(x.key === key && x.effect === effect)), { key, ...(value !== undefined ? { value } : {}), effect }];
        }
        next.spec = { ...next.spec, taints };
        if (taints.length === 0) delete next.spec.taints;
        return next;
      },
    },
    (res) => {
      if (res.status !== 200) {
        s.error(serverError(res));
        return s.finish(1);
      }
      s.print(`node/${name} ${removing ? 'untainted' : 'tainted'}`);
      s.finish(0);
    },
  );
}

/** PATCH spec.unschedulable; `then` gets false when the node was already in that state. */
function setUnschedulable(s: Session, name: string, value: boolean, then: (changed: boolean) => void): void {
  let changed = true;
  s.call(
    {
      verb: 'patch', resource: NODE, name, note: `unschedulable=${value}`,
      patch: (live) => {
        if (Boolean(live.spec?.unschedulable) === value) {
          changed = false;
          return null;
        }
        const next = clone(live);
        next.spec = { ...next.spec };
        if (value) next.spec.unschedulable = true;
        else delete next.spec.unschedulable;
        return next;
      },
    },
    (res) => {
      if (res.status !== 200) {
        s.error(serverError(res));
        return s.finish(1);
      }
      then(changed);
    },
  );
}

function runCordon(s: Session, value: boolean): void {
  const name = s.args.words[0];
  if (!name) {
    s.error('error: USAGE: cordon NODE [flags]');
    return s.finish(1);
  }
  const word = value ? 'cordoned' : 'uncordoned';
  setUnschedulable(s, name, value, (changed) => {
    s.print(`node/${name} ${changed ? '' : 'already '}${word}`);
    s.finish(0);
  });
}

/** `kubectl drain NODE [--ignore-daemonsets] [--force]`. */
function runDrain(s: Session): void {
  const name = s.args.words[0];
  if (!name) {
    s.error('error: USAGE: drain NODE [flags]');
    return s.finish(1);
  }
  setUnschedulable(s, name, true, (changed) => {
    s.print(`node/${name} ${changed ? '' : 'already '}cordoned`);
    // kubectl lists the node's pods with a field selector on spec.nodeName.
    s.call({ verb: 'list', resource: POD, match: (p) => p.spec?.nodeName === name, note: `fieldSelector=spec.nodeName=${name}` }, (res) => {
      const pods = (res.items ?? []).filter((p) => !p.metadata.deletionTimestamp);
      const bare = pods.filter((p) => !controllerOf(p));
      const daemons = pods.filter((p) => controllerOf(p)?.kind === 'DaemonSet');
      if (bare.length > 0 && !hasFlag(s.args, 'force')) {
        s.error(`error: unable to drain node "${name}" due to error: cannot delete Pods that declare no controller (use --force to override): ${bare.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')}, continuing command...`);
        s.error('There are pending nodes to be drained:');
        s.error(` ${name}`);
        return s.finish(1);
      }
      if (daemons.length > 0) s.error(`Warning: ignoring DaemonSet-managed Pods: ${daemons.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')}`);
      const victims = pods.filter((p) => controllerOf(p)?.kind !== 'DaemonSet').sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
      series(victims.map((p) => (next: () => void) => evict(s, p, next)), () =>
        series(victims.map((p) => (next: () => void) => waitGone(s, p, s.w.clock.now(), () => {
          s.print(`pod/${p.metadata.name} evicted`);
          next();
        })), () => {
          s.print(`node/${name} drained`);
          s.finish(0);
        }),
      );
    });
  });
}

function evict(s: Session, p: Obj, next: () => void): void {
  s.print(`evicting pod ${p.metadata.namespace}/${p.metadata.name}`);
  const body: Obj = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p.metadata.name, namespace: p.metadata.namespace } };
  s.call({ verb: 'create', resource: POD, namespace: p.metadata.namespace, name: p.metadata.name, subresource: 'eviction', body }, (res) => {
    if (res.status >= 400) s.error(serverError(res));
    next();
  });
}

function waitGone(s: Session, p: Obj, start: number, done: () => void): void {
  const key = `/registry/pods/${p.metadata.namespace}/${p.metadata.name}`;
  const check = (): void => {
    if (!s.w.api.cache.get('Pod', key) || s.w.clock.now() - start > DRAIN_MAX_MS) return done();
    s.w.clock.after(DRAIN_POLL_MS, check);
  };
  check();
}

export const MAINTENANCE_VERBS: Record<string, (s: Session) => void> = {
  label: (s) => runMetadata(s, 'labels'),
  annotate: (s) => runMetadata(s, 'annotations'),
  taint: runTaint,
  cordon: (s) => runCordon(s, true),
  uncordon: (s) => runCordon(s, false),
  drain: runDrain,
};
/* eslint-enable @typescript-eslint/no-explicit-any */
