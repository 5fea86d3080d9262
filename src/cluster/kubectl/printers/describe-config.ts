/**
 * `kubectl describe secret|configmap` (pkg/describe/describe.go
 * SecretDescriber, ConfigMapDescriber). A Secret shows each key's size in
 * bytes, never its value; a ConfigMap shows
 * its data, then its Events (added by the caller, ./describe.ts).
 */
import type { KubeObjectLike } from './types.ts';
import { DescribeWriter, printAnnotationsMultiline, printLabelsMultiline } from './describe-common.ts';

export function describeSecret(o: KubeObjectLike): string {
  const w = new DescribeWriter();
  header(w, o);
  w.write(0, `\nType:\t${typeof o.type === 'string' ? o.type : 'Opaque'}\n`);
  w.write(0, '\nData\n====\n');
  const data = (o.data ?? {}) as Record<string, string>;
  // kubectl prints a service account token Secret's `token` itself; secret values never reach a trace
  // (./redact.ts), so the model prints its size like every other value.
  for (const k of Object.keys(data).sort()) w.write(0, `${k}:\t${Buffer.from(String(data[k]), 'base64').length} bytes\n`);
  return w.toString();
}

/**
 * ConfigMapDescriber (1.31): each key, `----`, its value and a blank line;
 * the binary keys with their size; a blank line; then the Events (unlike a
 * Secret's, they are searched). kubectl ranges over Go maps (an order that
 * changes from run to run); the model prints the keys sorted.
 */
export function describeConfigMap(o: KubeObjectLike, w: DescribeWriter): void {
  header(w, o);
  w.write(0, '\nData\n====\n');
  const data = (o.data ?? {}) as Record<string, string>;
  for (const k of Object.keys(data).sort()) {
    w.write(0, `${k}:\n----\n`);
    w.write(0, `${String(data[k])}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  const binary = (o.binaryData ?? {}) as Record<string, string>;
  for (const k of Object.keys(binary).sort()) w.write(0, `${k}: ${Buffer.from(String(binary[k]), 'base64').length} bytes\n`);
  w.write(0, '\n');
}

function header(w: DescribeWriter, o: KubeObjectLike): void {
  w.write(0, `Name:\t${o.metadata.name}\n`);
  w.write(0, `Namespace:\t${o.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', o.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', o.metadata.annotations);
}
