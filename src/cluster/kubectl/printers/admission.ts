/**
 * `kubectl get` columns of the admission / API-registration / node kinds
 * (pkg/printers/internalversion/printers.go, 1.31: printValidatingWebhook,
 * printMutatingWebhook, printValidatingAdmissionPolicy, printAPIService,
 * printRuntimeClass).
 */
import type { KubeObjectLike } from './types.ts';
import { asArray, asDict, asString, spec, status } from './format.ts';
import { humanDuration, since } from './duration.ts';

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

/**
 * printPriorityLevelConfiguration: NAME, TYPE, NOMINALCONCURRENCYSHARES, QUEUES,
 * HANDSIZE, QUEUELENGTHLIMIT, AGE; "<none>" for an Exempt level and for the
 * queuing cells of a Reject level. Unset values show the v1 defaults
 * (SetDefaults_LimitedPriorityLevelConfiguration 30, SetDefaults_QueuingConfiguration 64/8/50).
 */
export const prioritylevelconfigurations: AdmissionTable = {
  headers: ['NAME', 'TYPE', 'NOMINALCONCURRENCYSHARES', 'QUEUES', 'HANDSIZE', 'QUEUELENGTHLIMIT', 'AGE'],
  namespaced: false,
  row(o, now) {
    const s = spec(o);
    const cells = ['<none>', '<none>', '<none>', '<none>'];
    if (s.limited !== undefined && s.limited !== null) {
      const l = asDict(s.limited);
      cells[0] = String(l.nominalConcurrencyShares ?? 30);
      const q = asDict(l.limitResponse).queuing;
      if (q !== undefined && q !== null) {
        const qd = asDict(q);
        cells[1] = String(qd.queues ?? 64);
        cells[2] = String(qd.handSize ?? 8);
        cells[3] = String(qd.queueLengthLimit ?? 50);
      }
    }
    return [asString(s.type), ...cells, age(o, now)];
  },
};

/**
 * printFlowSchema: NAME, PRIORITYLEVEL, MATCHINGPRECEDENCE (API default 1000),
 * DISTINGUISHERMETHOD ("<none>" when unset), AGE, MISSINGPL (the Dangling
 * condition's status, "?" without one — the model runs no APF config controller
 * that would set it). Not modelled: printFlowSchemaList's sort by precedence.
 */
export const flowschemas: AdmissionTable = {
  headers: ['NAME', 'PRIORITYLEVEL', 'MATCHINGPRECEDENCE', 'DISTINGUISHERMETHOD', 'AGE', 'MISSINGPL'],
  namespaced: false,
  row(o, now) {
    const s = spec(o);
    const dm = s.distinguisherMethod === undefined || s.distinguisherMethod === null ? '<none>' : asString(asDict(s.distinguisherMethod).type);
    const dangling = asArray(status(o).conditions).map(asDict).find((c) => c.type === 'Dangling');
    return [asString(asDict(s.priorityLevelConfiguration).name), String(s.matchingPrecedence ?? 1000), dm, age(o, now), dangling === undefined ? '?' : asString(dangling.status)];
  },
};

/**
 * printValidatingAdmissionPolicyBinding: NAME, POLICY, PARAMREF ("<unset>"
 * without one, ns/name, or "*\/name" without a namespace), AGE. Not modelled: a
 * selector paramRef (LabelSelector.String()) prints "<unset>" here.
 */
export const validatingadmissionpolicybindings: AdmissionTable = {
  headers: ['NAME', 'POLICY', 'PARAMREF', 'AGE'],
  namespaced: false,
  row(o, now) {
    const s = spec(o);
    let param = '<unset>';
    const pr = s.paramRef === undefined || s.paramRef === null ? undefined : asDict(s.paramRef);
    if (pr !== undefined && asString(pr.name) !== '') param = asString(pr.namespace) !== '' ? `${asString(pr.namespace)}/${asString(pr.name)}` : `*/${asString(pr.name)}`;
    return [asString(s.policyName), param, age(o, now)];
  },
};

/**
 * printCertificateSigningRequest: NAME, AGE, SIGNERNAME, REQUESTOR,
 * REQUESTEDDURATION, CONDITION (extractCSRStatus: Denied / Approved / Pending,
 * then ",Failed", then ",Issued" when a certificate is set).
 */
export const certificatesigningrequests: AdmissionTable = {
  headers: ['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION'],
  namespaced: false,
  row(o, now) {
    const s = spec(o);
    const st = status(o);
    const types = new Set(asArray(st.conditions).map((c) => asString(asDict(c).type)));
    let cond = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
    if (types.has('Failed')) cond += ',Failed';
    if (asString(st.certificate) !== '') cond += ',Issued';
    const dur = typeof s.expirationSeconds === 'number' ? humanDuration(s.expirationSeconds * 1000) : '<none>';
    return [age(o, now), asString(s.signerName) || '<none>', asString(s.username), dur, cond];
  },
};
