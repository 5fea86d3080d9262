import { describe, expect, it } from 'vitest';
import { isKnownKind, lookupKind, qualifiedKindName, resolveResource, RESOURCES } from '../../src/scenario/kinds.ts';

describe('built-in kinds', () => {
  it.each([
    ['po', 'Pod'],
    ['pod', 'Pod'],
    ['pods', 'Pod'],
    ['Pod', 'Pod'],
    ['svc', 'Service'],
    ['deploy', 'Deployment'],
    ['deployments.apps', 'Deployment'],
    ['deployments.v1.apps', 'Deployment'],
    ['rs', 'ReplicaSet'],
    ['cm', 'ConfigMap'],
    ['ns', 'Namespace'],
    ['no', 'Node'],
    ['sa', 'ServiceAccount'],
    ['ep', 'Endpoints'],
    ['endpointslices', 'EndpointSlice'],
    ['ing', 'Ingress'],
    ['netpol', 'NetworkPolicy'],
    ['hpa', 'HorizontalPodAutoscaler'],
    ['rc', 'ReplicationController'],
    ['ds', 'DaemonSet'],
    ['sts', 'StatefulSet'],
    ['cj', 'CronJob'],
    ['ev', 'Event'],
    ['leases', 'Lease'],
    ['pdb', 'PodDisruptionBudget'],
    ['pvc', 'PersistentVolumeClaim'],
    ['crd', 'CustomResourceDefinition'],
    ['clusterrolebindings', 'ClusterRoleBinding'],
  ])('resolveResource(%j) is %s', (name, kind) => {
    expect(resolveResource(name)?.kind).toBe(kind);
  });

  it('does not resolve unknown names or wrong groups', () => {
    expect(resolveResource('virtualservices')).toBeUndefined();
    expect(resolveResource('deployments.batch')).toBeUndefined();
    expect(resolveResource('')).toBeUndefined();
  });

  it('knows scope and kubectl names', () => {
    expect(resolveResource('no')?.namespaced).toBe(false);
    expect(resolveResource('po')?.namespaced).toBe(true);
    expect(qualifiedKindName(resolveResource('deploy')!)).toBe('deployment.apps');
    expect(qualifiedKindName(resolveResource('svc')!)).toBe('service');
  });

  it('maps apiVersion+kind like kubectl (unknown kinds are not loader errors)', () => {
    expect(isKnownKind('apps/v1', 'Deployment')).toBe(true);
    expect(isKnownKind('v1', 'Pod')).toBe(true);
    expect(isKnownKind('autoscaling/v1', 'HorizontalPodAutoscaler')).toBe(true);
    expect(isKnownKind('autoscaling/v2', 'HorizontalPodAutoscaler')).toBe(true);
    expect(isKnownKind('apps/v1beta1', 'Deployment')).toBe(false);
    expect(isKnownKind('networking.istio.io/v1alpha3', 'VirtualService')).toBe(false);
    expect(isKnownKind('v1', 'Deployment')).toBe(false);
  });

  it('serves removed versions only in older profiles', () => {
    expect(isKnownKind('batch/v1beta1', 'CronJob', '1.23')).toBe(true);
    expect(isKnownKind('batch/v1beta1', 'CronJob', '1.31')).toBe(false);
    expect(lookupKind('policy/v1beta1', 'PodDisruptionBudget', '1.23')?.resource).toBe('poddisruptionbudgets');
  });

  it('has unique resource names and short names', () => {
    const names = RESOURCES.flatMap((r) => [`${r.group}/${r.resource}`, ...r.shortNames]);
    expect(new Set(names).size).toBe(names.length);
  });
});
