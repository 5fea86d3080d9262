/**
 * Generated Kubernetes names (common/generated-names.ts): the rules of the
 * ReplicaSet, Job, CronJob and name generators, in the safe alphabet
 * (bcdfghjklmnpqrstvwxz2456789). The guesses this replaced took any five
 * letters or digits for a random suffix, so a bare Pod `nginx-proxy` was
 * taken for a Pod of `nginx`, and a ReplicaSet `frontend-stable` for one of
 * a Deployment `frontend`.
 */
import { describe, expect, it } from 'vitest';
import { cronJobOfJob, deploymentOfPod, deploymentOfReplicaSet, generateNameBase, generatedSuffixStart, guessedWorkload, SAFE_ALPHABET } from '../../src/common/generated-names.ts';
import { computePodTemplateHash, generateNameSuffix } from '../../src/cluster/core/algorithms/podTemplateHash.ts';

describe('generated names', () => {
  it('reads back the names the model generates (one alphabet for both)', () => {
    const hash = computePodTemplateHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } });
    const suffix = generateNameSuffix(() => 0.99);
    expect([...hash, ...suffix].every((c) => SAFE_ALPHABET.includes(c))).toBe(true);
    expect(suffix).toBe(SAFE_ALPHABET[SAFE_ALPHABET.length - 1]!.repeat(5));
    expect(deploymentOfPod(`web-${hash}-${suffix}`)).toBe('web');
  });

  it('generateNameBase: 5 characters of the safe alphabet after the base', () => {
    expect(generateNameBase('web-7c5ddbdf54-x2kqp')).toBe('web-7c5ddbdf54');
    expect(generateNameBase('node-agent-4qfls')).toBe('node-agent');
    expect(generateNameBase('nginx-proxy')).toBeUndefined(); // o and y are not in the alphabet
    expect(generateNameBase('web-0')).toBeUndefined();
  });

  it('deploymentOfReplicaSet: a template hash of 6 to 10 safe characters', () => {
    expect(deploymentOfReplicaSet('web-7c5ddbdf54')).toBe('web');
    expect(deploymentOfReplicaSet('web-canary-65479b8bd8')).toBe('web-canary');
    expect(deploymentOfReplicaSet('frontend-stable')).toBeUndefined();
    expect(deploymentOfReplicaSet('web-x2kqp')).toBeUndefined();
  });

  it('deploymentOfPod: a random suffix after a template hash', () => {
    expect(deploymentOfPod('web-canary-65479b8bd8-4qfls')).toBe('web-canary');
    expect(deploymentOfPod('node-agent-4qfls')).toBeUndefined();
    expect(deploymentOfPod('web-0')).toBeUndefined();
  });

  it('cronJobOfJob: the scheduled time in minutes', () => {
    expect(cronJobOfJob('hello-28928165')).toBe('hello');
    expect(cronJobOfJob('batch')).toBeUndefined();
    expect(cronJobOfJob('web-2')).toBeUndefined();
  });

  it('guessedWorkload: Deployment, CronJob, DaemonSet/Job, else the name itself', () => {
    expect(guessedWorkload('web-7c5ddbdf54-x2kqp')).toBe('web');
    expect(guessedWorkload('hello-28928163-vvjmn')).toBe('hello');
    expect(guessedWorkload('node-agent-4qfls')).toBe('node-agent');
    expect(guessedWorkload('nginx-proxy')).toBe('nginx-proxy');
    expect(guessedWorkload('nginx-cache')).toBe('nginx-cache');
    expect(guessedWorkload('web-0')).toBe('web-0');
  });

  it('generatedSuffixStart: where the hash and random suffix start', () => {
    const name = 'web-canary-65479b8bd8-4qfls';
    expect(name.slice(generatedSuffixStart(name))).toBe('65479b8bd8-4qfls');
    expect(generatedSuffixStart('kube-controller-manager')).toBeUndefined();
  });
});
