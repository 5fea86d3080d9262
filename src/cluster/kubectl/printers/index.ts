/** kubectl output printers: pure functions from plain objects (and a simulated now) to text. */
export type * from './types.ts';
export { printGet, printGetMany, noResourcesFound, canonicalResource } from './get.ts';
export { printDescribe, KUBECTL_DESCRIBER_KINDS, UNMODELLED_DESCRIBER_KINDS } from './describe.ts';
export { redactSecrets, REDACTED } from './redact.ts';
export { humanDuration, since, rfc3339 } from './duration.ts';
export { tabwrite, GET_TABWRITER, DESCRIBE_TABWRITER } from './tabwriter.ts';
export { toKubectlJson, toKubectlYaml } from './serialize.ts';
