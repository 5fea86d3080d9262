/**
 * `kubectl get` columns of the admission / API-registration / node kinds
 * (pkg/printers/internalversion/printers.go, 1.31: printValidatingWebhook,
 * printMutatingWebhook, printValidatingAdmissionPolicy, printAPIService,
 * printRuntimeClass).
 */
import type { KubeObjectLike } from './types.ts';
import { asArray, asDict, asString, spec, status } from './format.ts';
import { since } from './duration.ts';

interface AdmissionTable {
  headers: string[];
  namespaced: boolean;
  row(o: KubeObjectLike, now: number, wide: boolean): string[];
}

const age = (o: KubeObjectLike, now: number): string => since(o.metadata.creationTimestamp, now);

/** printValidatingWebhook / printMutatingWebhook: NAME, WEBHOOKS (count), AGE. */
const webhookConfig: AdmissionTable = {
  headers: ['NAME', 'WEBHOOKS', 'AGE'],
  namespaced: false,
  row(o, now) {
    const r: Record<string, unknown> = o;
    return [String(asArray(r['webhooks']).length), age(o, now)];
  },
};
export const validatingwebhookconfigurations = webhookConfig;
export const mutatingwebhookconfigurations = webhookConfig;

/** printValidatingAdmissionPolicy: NAME, VALIDATIONS (count), PARAMKIND (apiVersion/kind or <unset>), AGE. */
export const validatingadmissionpolicies: AdmissionTable = {
  headers: ['NAME', 'VALIDATIONS', 'PARAMKIND', 'AGE'],
  namespaced: false,
  row(o, now) {
    const s = spec(o);
    const pk = s.paramKind === undefined ? '<unset>' : `${asString(asDict(s.paramKind).apiVersion)}/${asString(asDict(s.paramKind).kind)}`;
    return [String(asArray(s.validations).length), pk, age(o, now)];
  },
};

/**
 * printAPIService: NAME, SERVICE ("Local" without spec.service, else ns/name),
 * AVAILABLE (the Available condition's status, "Unknown" without one, with
 * " (reason)" appended when not True), AGE.
 */
export const apiservices: AdmissionTable = {
  headers: ['NAME', 'SERVICE', 'AVAILABLE', 'AGE'],
  namespaced: false,
  row(o, now) {
    const s = spec(o);
    const svc = s.service === undefined || s.service === null ? 'Local' : `${asString(asDict(s.service).namespace)}/${asString(asDict(s.service).name)}`;
    const cond = asArray(status(o).conditions).map(asDict).find((c) => c.type === 'Available');
    let avail = 'Unknown';
    if (cond !== undefined) {
      avail = asString(cond.status);
      const reason = asString(cond.reason);
      if (reason !== '' && cond.status !== 'True') avail = `${avail} (${reason})`;
    }
    return [svc, avail, age(o, now)];
  },
};

/** printRuntimeClass: NAME, HANDLER, AGE. */
export const runtimeclasses: AdmissionTable = {
  headers: ['NAME', 'HANDLER', 'AGE'],
  namespaced: false,
  row(o, now) {
    const r: Record<string, unknown> = o;
    return [asString(r['handler']), age(o, now)];
  },
};
