/**
 * `kubectl autoscale deployment NAME --min=N --max=M --cpu-percent=P`: creates
 * a HorizontalPodAutoscaler (autoscaling/v2) named after the target
 * (pkg/cmd/autoscale). Without --cpu-percent the HPA controller's default
 * target of 80 % CPU applies.
 */
import type { Obj } from '../core/object.ts';
import { resourceForKind } from '../core/resources.ts';
import { flag } from './args.ts';
import { invalidMessage, serverError } from './resolve.ts';
import type { Session } from './session.ts';

const HPA = resourceForKind('HorizontalPodAutoscaler')!;
const KINDS: Record<string, { kind: string; apiVersion: string }> = {
  deployment: { kind: 'Deployment', apiVersion: 'apps/v1' },
  deployments: { kind: 'Deployment', apiVersion: 'apps/v1' },
  deploy: { kind: 'Deployment', apiVersion: 'apps/v1' },
  replicaset: { kind: 'ReplicaSet', apiVersion: 'apps/v1' },
  rs: { kind: 'ReplicaSet', apiVersion: 'apps/v1' },
  statefulset: { kind: 'StatefulSet', apiVersion: 'apps/v1' },
  sts: { kind: 'StatefulSet', apiVersion: 'apps/v1' },
};

export function runAutoscale(s: Session): void {
  const [typeArg, nameArg] = s.args.words;
  const [type, name] = typeArg?.includes('/') ? (typeArg.split('/') as [string, string]) : [typeArg ?? '', nameArg];
  const ref = KINDS[type];
  if (!ref || !name) {
    s.error(!type ? 'error: required resource not specified' : !ref ? `error: cannot autoscale a ${type}` : 'error: resource(s) were provided, but no name was specified');
    return s.finish(1);
  }
  const max = Number(flag(s.args, 'max') ?? '-1');
  const min = flag(s.args, 'min');
  const cpu = flag(s.args, 'cpu-percent');
  if (!Number.isInteger(max) || max < 1) {
    s.error(`error: --max=MAXPODS is required and must be at least 1, max: ${max}`);
    return s.finish(1);
  }
  const namespace = flag(s.args, 'namespace') ?? 'default';
  const hpaName = flag(s.args, 'name') ?? name;
  const hpa: Obj = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: hpaName, namespace },
    spec: {
      scaleTargetRef: { apiVersion: ref.apiVersion, kind: ref.kind, name },
      ...(min !== undefined && Number(min) > 0 ? { minReplicas: Number(min) } : {}),
      maxReplicas: max,
      ...(cpu !== undefined && Number(cpu) >= 0 ? { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: Number(cpu) } } }] } : {}),
    },
  };
  // kubectl checks the target exists first (a GET of the scale target).
  s.call({ verb: 'get', resource: resourceForKind(ref.kind)!, namespace, name }, (got) => {
    if (got.status !== 200) {
      s.error(serverError(got));
      return s.finish(1);
    }
    s.call({ verb: 'create', resource: HPA, namespace, body: hpa }, (res) => {
      if (res.status === 201) {
        s.print(`horizontalpodautoscaler.autoscaling/${hpaName} autoscaled`);
        return s.finish(0);
      }
      s.error(res.reason === 'Invalid' ? invalidMessage('HorizontalPodAutoscaler', hpaName, res.causes ?? []) : serverError(res));
      s.finish(1);
    });
  });
}
