/**
 * A Pod's workload by its owner references (views/common/workloads.ts), as
 * far as the trace holds them; from the generated names only beyond that.
 */
import { describe, expect, it } from 'vitest';
import { ownersOf, workloadOf } from '../../src/views/common/workloads.ts';

const owners = ownersOf([
  { kind: 'ReplicaSet', namespace: 'default', name: 'web-7c5ddbdf54', owner: 'Deployment/web' },
  { kind: 'Deployment', namespace: 'default', name: 'web' },
  { kind: 'ReplicaSet', namespace: 'default', name: 'frontend-stable' },
  { kind: 'Job', namespace: 'default', name: 'hello-28928165', owner: 'CronJob/hello' },
  { kind: 'Job', namespace: 'default', name: 'nightly-28928165' },
  { kind: 'ReplicaSet', namespace: 'team-a', name: 'api-6f9c8d7b5c', owner: 'Deployment/backend' },
]);

describe('workloadOf', () => {
  it('follows the owner chain the trace holds', () => {
    expect(workloadOf({ namespace: 'default', name: 'web-7c5ddbdf54-x2kqp', owner: 'ReplicaSet/web-7c5ddbdf54' }, owners)).toBe('web');
    expect(workloadOf({ namespace: 'default', name: 'hello-28928165-6dd2l', owner: 'Job/hello-28928165' }, owners)).toBe('hello');
    // The owner says so where the name would mislead: a Deployment whose ReplicaSet is not named after it.
    expect(workloadOf({ namespace: 'team-a', name: 'api-6f9c8d7b5c-x2kqp', owner: 'ReplicaSet/api-6f9c8d7b5c' }, owners)).toBe('backend');
  });

  it('an owner held without one of its own is the workload, whatever its name looks like', () => {
    expect(workloadOf({ namespace: 'default', name: 'frontend-stable-4qfls', owner: 'ReplicaSet/frontend-stable' }, owners)).toBe('frontend-stable');
    expect(workloadOf({ namespace: 'default', name: 'nightly-28928165-vvjmn', owner: 'Job/nightly-28928165' }, owners)).toBe('nightly-28928165');
    expect(workloadOf({ namespace: 'default', name: 'web-0', owner: 'StatefulSet/web' }, owners)).toBe('web');
  });

  it('an owner the trace does not hold is read from its generated name', () => {
    expect(workloadOf({ namespace: 'default', name: 'web-65479b8bd8-4qfls', owner: 'ReplicaSet/web-65479b8bd8' }, owners)).toBe('web');
    expect(workloadOf({ namespace: 'default', name: 'hello-28928163-vvjmn', owner: 'Job/hello-28928163' }, owners)).toBe('hello');
    // Owners are per namespace: team-a's ReplicaSet says nothing about one of the same name in default.
    expect(workloadOf({ namespace: 'default', name: 'api-6f9c8d7b5c-x2kqp', owner: 'ReplicaSet/api-6f9c8d7b5c' }, owners)).toBe('api');
  });

  it('a bare Pod is its own workload; a Pod whose owner is not known is guessed from its name', () => {
    expect(workloadOf({ namespace: 'default', name: 'web-7c5ddbdf54-x2kqp', owner: null }, owners)).toBe('web-7c5ddbdf54-x2kqp');
    expect(workloadOf({ namespace: 'default', name: 'web-7c5ddbdf54-x2kqp' }, owners)).toBe('web');
    expect(workloadOf({ namespace: 'default', name: 'nginx-proxy' }, owners)).toBe('nginx-proxy');
  });

  it('stops on an owner cycle of an imported trace', () => {
    const loop = ownersOf([
      { kind: 'ReplicaSet', namespace: 'default', name: 'a', owner: 'ReplicaSet/b' },
      { kind: 'ReplicaSet', namespace: 'default', name: 'b', owner: 'ReplicaSet/a' },
    ]);
    expect(['a', 'b']).toContain(workloadOf({ namespace: 'default', name: 'p', owner: 'ReplicaSet/a' }, loop));
  });
});
