/** `kubectl delete`, `kubectl scale`, `kubectl create deployment`. */
import { matchesSelector, parseSelector } from '../../scenario/selector.ts';
import { series } from '../core/async.ts';
import type { Obj } from '../core/object.ts';
import { asScalable } from '../core/typed.ts';
import { resourceForKind, type ResourceInfo } from '../core/resources.ts';
import { flag, hasFlag } from './args.ts';
import { waitWhilePassingTime } from '../components/timers.ts';
import { readFiles } from './manifests.ts';
import { invalidMessage, kindName, resolveType, serverError } from './resolve.ts';
import type { Session } from './session.ts';

/** How long `kubectl delete` waits for the object to be gone (its --wait default). */
const DELETE_WAIT_POLL_MS = 100;
const DELETE_WAIT_MAX_MS = 120_000;

export function runDelete(s: Session): void {
  const cascade = flag(s.args, 'cascade') ?? 'background';
  const policy = cascade === 'foreground' ? 'Foreground' : cascade === 'orphan' || cascade === 'false' ? 'Orphan' : 'Background';
  const graceText = flag(s.args, 'grace-period');
  if (graceText !== undefined && !/^-?\d+$/.test(graceText)) {
    s.error(`error: invalid argument "${graceText}" for "--grace-period" flag: strconv.ParseInt: parsing "${graceText}": invalid syntax`);
    return s.finish(1);
  }
  // kubectl delete.go Complete/Validate: --grace-period (-1: the pod's own) is sent as DeleteOptions.gracePeriodSeconds;
  // --now is --grace-period=1 and conflicts with any other --grace-period than -1; 0 without --force becomes 1;
  // --force alone means 0 (immediate deletion, without the kubelet's confirmation); then (Validate) --force with
  // a grace period above 0 (--now included) is an error.
  let grace = graceText === undefined ? -1 : Number(graceText);
  const forced = hasFlag(s.args, 'force');
  if (hasFlag(s.args, 'now')) {
    if (grace !== -1) {
      s.error('error: --now and --grace-period cannot be specified together');
      return s.finish(1);
    }
    grace = 1;
  }
  if (grace === 0 && !forced) grace = 1;
  if (forced && grace < 0) grace = 0;
  if (forced && grace > 0) {
    s.error('error: --force and --grace-period greater than 0 cannot be specified together');
    return s.finish(1);
  }
  const force = grace === 0;
  const targets: { r: ResourceInfo; namespace: string | undefined; name: string }[] = [];
  let failed = false;
  const finishAll = (): void => {
    if (targets.length === 0 && !failed) {
      s.error('No resources found');
      return s.finish(0);
    }
    if (force) s.error('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
    series(
      targets.map((t) => (next: () => void) =>
        s.call({ verb: 'delete', resource: t.r, namespace: t.namespace, name: t.name, propagationPolicy: policy, ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}) }, (res) => {
          if (res.status !== 200) {
            failed = true;
            s.error(serverError(res));
            return next();
          }
          s.print(`${kindName(t.r)} "${t.name}" ${force ? 'force deleted' : 'deleted'}`);
          if (hasFlag(s.args, 'wait') || flag(s.args, 'wait') === undefined) return waitGone(s, t.r, t.namespace, t.name, next);
          next();
        }),
      ),
      () => s.finish(failed ? 1 : 0),
    );
  };
  if (s.args.flags.has('filename') || s.args.flags.has('kustomize')) {
    const read = readFiles(s);
    if (!read) return s.finish(1);
    failed = read.failed;
    for (const fo of read.objects) targets.push({ r: fo.resource, namespace: fo.namespace, name: fo.obj.metadata.name });
    return finishAll();
  }
  const [typeArg, ...names] = s.args.words;
  const [typeName, slashName] = typeArg?.includes('/') ? (typeArg.split('/') as [string, string]) : [typeArg ?? '', undefined];
  const r = resolveType(typeName, s.w.api.customResources());
  if (!r) {
    s.error(typeName ? `error: the server doesn't have a resource type "${typeName}"` : 'error: You must provide one or more resources by argument or filename.');
    return s.finish(1);
  }
  const namespace = r.namespaced ? (flag(s.args, 'namespace') ?? 'default') : undefined;
  const selText = flag(s.args, 'selector');
  if (selText !== undefined) {
    const sel = parseSelector(selText);
    if (!sel.ok) {
      s.error(`error: ${sel.error}`);
      return s.finish(1);
    }
    return s.call({ verb: 'list', resource: r, namespace, match: (o: Obj) => matchesSelector(sel.value, o.metadata.labels) }, (res) => {
      for (const o of res.items ?? []) targets.push({ r, namespace, name: o.metadata.name });
      finishAll();
    });
  }
  for (const n of slashName ? [slashName] : names) targets.push({ r, namespace, name: n });
  if (targets.length === 0) {
    s.error(`error: resource(s) were provided, but no name was specified`);
    return s.finish(1);
  }
  finishAll();
}

/**
 * kubectl delete waits until the object is really gone (graceful pod termination, finalizers): time passes
 * for the whole cluster while it waits (a container that ignores SIGTERM is killed at the end of its grace period).
 */
function waitGone(s: Session, r: ResourceInfo, namespace: string | undefined, name: string, done: () => void): void {
  const key = r.namespaced ? `${r.etcdPrefix}/${namespace}/${name}` : `${r.etcdPrefix}/${name}`;
  const gone = (): boolean => !s.w.api.cache.get(r.kind, key);
  if (gone()) return done();
  const check = (): boolean => {
    if (!gone()) return false;
    done();
    return true;
  };
  waitWhilePassingTime(s.w, check, DELETE_WAIT_POLL_MS, DELETE_WAIT_MAX_MS, done);
}

export function runScale(s: Session): void {
  const replicasText = flag(s.args, 'replicas');
  const [typeArg, nameArg] = s.args.words;
  const [typeName, name] = typeArg?.includes('/') ? (typeArg.split('/') as [string, string]) : [typeArg ?? '', nameArg];
  if (replicasText === undefined || !/^\d+$/.test(replicasText)) {
    s.error('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    return s.finish(1);
  }
  const r = resolveType(typeName, s.w.api.customResources());
  if (!r || !name) {
    s.error(r ? 'error: resource(s) were provided, but no name was specified' : `error: the server doesn't have a resource type "${typeName}"`);
    return s.finish(1);
  }
  const replicas = Number(replicasText);
  const namespace = flag(s.args, 'namespace') ?? 'default';
  s.call(
    {
      verb: 'patch',
      resource: r,
      namespace,
      name,
      subresource: 'scale',
      patch: (live) => {
        if (asScalable(live).spec?.replicas === replicas) return null;
        return { ...live, spec: { ...asScalable(live).spec, replicas } };
      },
      note: `replicas=${replicas}`,
    },
    (res) => {
      if (res.status !== 200) {
        s.error(serverError(res));
        return s.finish(1);
      }
      s.print(`${kindName(r)}/${name} scaled`);
      s.finish(0);
    },
  );
}

/** `kubectl create deployment NAME --image=IMAGE [--replicas=N]`. */
export function runCreateDeployment(s: Session, name: string | undefined): void {
  const images = s.args.flags.get('image') ?? [];
  if (!name || images.length === 0) {
    s.error(!name ? 'error: exactly one NAME is required, got 0' : 'error: required flag(s) "image" not set');
    return s.finish(1);
  }
  const replicas = Number(flag(s.args, 'replicas') ?? '1');
  const namespace = flag(s.args, 'namespace') ?? 'default';
  const labels = { app: name };
  const deploy: Obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: images.map((image) => ({ name: containerName(image), image, resources: {} })) },
      },
      strategy: {},
    },
    status: {},
  };
  const r = resourceForKind('Deployment')!;
  s.call({ verb: 'create', resource: r, namespace, body: deploy }, (res) => {
    if (res.status === 201) {
      s.print(`deployment.apps/${name} created`);
      return s.finish(0);
    }
    s.error(res.reason === 'Invalid' ? invalidMessage('Deployment', name, res.causes ?? []) : serverError(res));
    s.finish(1);
  });
}

/** kubectl names the container after the image: `registry/nginx:1.27` → `nginx`. */
function containerName(image: string): string {
  const base = image.slice(image.lastIndexOf('/') + 1).split('@')[0]!.split(':')[0]!;
  return base.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}
