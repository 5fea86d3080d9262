/**
 * `kubectl create namespace|configmap|secret generic` — the generators that
 * build one object from flags and POST it, printing `namespace/team-a created`.
 */
import type { Obj } from '../core/object.ts';
import { resourceForKind } from '../core/resources.ts';
import { flag, flagAll } from './args.ts';
import { kindName, serverError } from './resolve.ts';
import type { Session } from './session.ts';

/** `create <what>` generators by their kubectl names. */
export const CREATE_GENERATORS: Record<string, (s: Session, name: string | undefined) => void> = {
  namespace: createNamespace,
  ns: createNamespace,
  configmap: createConfigMap,
  cm: createConfigMap,
  secret: createSecret,
};

function createNamespace(s: Session, name: string | undefined): void {
  if (!name) return usage(s, 'NAME is required');
  post(s, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

function createConfigMap(s: Session, name: string | undefined): void {
  if (!name) return usage(s, 'NAME is required');
  const data = literals(s);
  if (data === undefined) return;
  post(s, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: namespaceOf(s) }, data });
}

/** `create secret generic NAME --from-literal=k=v` (stringData is base64-encoded by kubectl itself). */
function createSecret(s: Session, kind: string | undefined): void {
  const name = s.args.words[2];
  if (kind !== 'generic') return usage(s, `kubectl create secret ${kind ?? ''} is not modelled by kubescene yet`);
  if (!name) return usage(s, 'NAME is required');
  const lit = literals(s);
  if (lit === undefined) return;
  const data = Object.fromEntries(Object.entries(lit).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  post(s, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: namespaceOf(s) }, type: 'Opaque', data });
}

function literals(s: Session): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const l of flagAll(s.args, 'from-literal')) {
    const eq = l.indexOf('=');
    if (eq <= 0) {
      usage(s, `invalid literal source ${l}, expected key=value`);
      return undefined;
    }
    out[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return out;
}

function namespaceOf(s: Session): string {
  return flag(s.args, 'namespace') ?? 'default';
}

function post(s: Session, body: Obj): void {
  const r = resourceForKind(body.kind)!;
  s.call({ verb: 'create', resource: r, ...(r.namespaced ? { namespace: body.metadata.namespace } : {}), body }, (res) => {
    if (res.status >= 400) {
      s.error(serverError(res));
      return s.finish(1);
    }
    s.print(`${kindName(r)}/${body.metadata.name} created`);
    s.finish(0);
  });
}

function usage(s: Session, msg: string): void {
  s.error(`error: ${msg}`);
  s.finish(1);
}
