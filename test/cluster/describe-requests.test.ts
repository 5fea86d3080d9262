/**
 * The API requests each describer sends, against kubectl's own describers
 * (k8s.io/kubectl pkg/describe/describe.go): SecretDescriber.Describe GETs the
 * Secret and nothing else (no searchEvents); ConfigMapDescriber and
 * PodDescriber GET the object, then search its Events; DeploymentDescriber
 * searches the Events, then lists the ReplicaSets by the Deployment's selector
 * (deploymentutil.GetAllReplicaSetsInChunks); NodeDescriber lists the node's
 * non-terminated Pods in all namespaces, then searches the Events twice (by
 * the Node's UID and by its name) in all namespaces (a Node has none).
 */
import { describe, expect, it } from 'vitest';
import { requestsAfterScenario } from './describe-more.helpers.ts';

describe('describe: the requests of the Secret, ConfigMap, Pod, Deployment and Node describers', () => {
  const [secret, cm, pod, deploy, node] = requestsAfterScenario('configmap-secret', [
    'describe secret db-credentials',
    'describe cm app-config',
    'describe pod needs-config',
    'describe deploy web',
    'describe node worker-1',
  ]);
  it('Secret: one GET, no Events list (SecretDescriber.Describe)', () => {
    expect(secret).toEqual(['GET /api/v1/namespaces/default/secrets/db-credentials']);
  });
  it('ConfigMap and Pod: the object, then its Events', () => {
    expect(cm).toEqual(['GET /api/v1/namespaces/default/configmaps/app-config', 'GET /api/v1/namespaces/default/events']);
    expect(pod).toEqual(['GET /api/v1/namespaces/default/pods/needs-config', 'GET /api/v1/namespaces/default/events']);
  });
  it('Deployment: the object, its Events, then the ReplicaSets (GetAllReplicaSetsInChunks)', () => {
    expect(deploy).toEqual(['GET /apis/apps/v1/namespaces/default/deployments/web', 'GET /api/v1/namespaces/default/events', 'GET /apis/apps/v1/namespaces/default/replicasets']);
  });
  it('Node: the object, its Pods in all namespaces, then the Events by UID and by name, in all namespaces', () => {
    expect(node).toEqual(['GET /api/v1/nodes/worker-1', 'GET /api/v1/pods', 'GET /api/v1/events', 'GET /api/v1/events']);
  });
});
