/**
 * `kubectl describe secret|configmap` (pkg/describe/describe.go
 * SecretDescriber, ConfigMapDescriber). A Secret shows each key's size in
 * bytes, never its value; a ConfigMap shows its data.
 */
import type { KubeObjectLike } from './types.ts';
import { DescribeWriter, printAnnotationsMultiline, printLabelsMultiline } from './describe-common.ts';

export function describeSecret(o: KubeObjectLike): string {
  const w = new DescribeWriter();
  header(w, o);
  w.write(0, `\nType:\t${typeof o.type === 'string' ? o.type : 'Opaque'}\n`);
  w.write(0, '\nData\n====\n');
  const data = (o.data ?? {}) as Record<string, string>;
  for (const k of Object.keys(data).sort()) w.write(0, `${k}:\t${Buffer.from(String(data[k]), 'base64').length} bytes\n`);
  return w.toString();
}

export function describeConfigMap(o: KubeObjectLike): string {
  const w = new DescribeWriter();
  header(w, o);
  w.write(0, '\nData\n====\n');
  const data = (o.data ?? {}) as Record<string, string>;
  for (const k of Object.keys(data).sort()) {
    w.write(0, `${k}:\n----\n`);
    w.write(0, `${String(data[k])}\n`);
  }
  w.write(0, '\nBinaryData\n====\n');
  return w.toString();
}

function header(w: DescribeWriter, o: KubeObjectLike): void {
  w.write(0, `Name:\t${o.metadata.name}\n`);
  w.write(0, `Namespace:\t${o.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', o.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', o.metadata.annotations);
}
