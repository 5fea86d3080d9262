/**
 * RBAC objects, when the focus is about who may do what (issue 9, gallery
 * review D34): a focus step's request is refused by the authorizer (403
 * Forbidden), kubectl writes a Role, ClusterRole, RoleBinding,
 * ClusterRoleBinding or ServiceAccount, or kubectl asks the authorizer
 * (`kubectl auth can-i`: a SelfSubjectAccessReview). Then the RBAC objects the
 * focus involves are drawn: those kubectl writes, and those an authorization
 * decision names (`RBAC: allowed by RoleBinding "bob-reads-pods/default" of
 * Role "pod-reader" to User "bob"`: the API server's RBAC authorizer,
 * plugin/pkg/auth/authorizer/rbac, names the binding that allowed a request),
 * when the drawn state lists them (the built-in `cluster-admin`,
 * `system:basic-user` are not listed, and are not what a scenario is about).
 *
 * The objects of one kind in one namespace are one box naming them, like the
 * ConfigMaps of subjects.ts; a role says what it grants, from the drawn
 * state's rules (`Role · get, list, watch pods, pods/log`; without a state,
 * the verbs and resources the focus saw it allow: `Role · list pods`), a binding
 * its subjects (`RoleBinding · User bob`, `2 RoleBindings · User bob,
 * ServiceAccount ci`). A denial names no object (nothing allowed the
 * request): the focus's bindings stand beside the denied request's step.
 */
import type { StepState, TraceEvent } from '../../trace/types.ts';
import { foldBoxes, kindAndNamespace, kubectlRequest, kubectlWrite, objectId, type ObjectBox } from './object-box.ts';

/** RBAC kinds, in drawing order: who, what, and what binds them. */
export const RBAC_KINDS = ['ServiceAccount', 'ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding'] as const;
const RBAC_KIND_SET: ReadonlySet<string> = new Set(RBAC_KINDS);

/** The kinds kubectl asks the authorizer with (`kubectl auth can-i`). */
const ACCESS_REVIEWS = new Set(['SelfSubjectAccessReview', 'SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectRulesReview']);

export function isRbacKind(kind: string): boolean {
  return RBAC_KIND_SET.has(kind);
}

function isAuthorization(e: TraceEvent): boolean {
  return e.type === 'phase' && e.phase === 'authorization';
}

/** The focus is about RBAC: a request refused by the authorizer, an RBAC object written by kubectl, or kubectl asking the authorizer. */
export function aboutRbac(events: readonly TraceEvent[]): boolean {
  return events.some(
    (e) =>
      (isAuthorization(e) && e.result === 'denied') ||
      isRbacKind(kubectlWrite(e)?.kind ?? '') ||
      ACCESS_REVIEWS.has(kubectlRequest(e)?.kind ?? ''),
  );
}

/** What an RBAC authorization decision names: `RBAC: allowed by RoleBinding "ci-edit/default" of ClusterRole "edit" to ServiceAccount "ci/default"`. */
interface Grant {
  binding: { kind: string; namespace?: string; name: string };
  role: { kind: string; namespace?: string; name: string };
  subject: { kind: string; namespace?: string; name: string };
  /** What it allowed: `list pods`. */
  allowed?: string;
}

const GRANT = /^RBAC: allowed by (RoleBinding|ClusterRoleBinding) "([^"]+)" of (Role|ClusterRole) "([^"]+)" to (User|Group|ServiceAccount) "([^"]+)"/;

/** `bob-reads-pods/default` → name and namespace. */
function nameAndNamespace(ref: string): { namespace?: string; name: string } {
  const slash = ref.lastIndexOf('/');
  return slash < 0 ? { name: ref } : { name: ref.slice(0, slash), namespace: ref.slice(slash + 1) };
}

/** The verbs and resources a decision allowed: `allowed: list pods`, `access review: bob can list pods in default`. */
function allowedOf(summary: string | undefined): string | undefined {
  const m = /^allowed: (.+)$/.exec(summary ?? '') ?? /^access review: \S+ can (.+?)(?: in \S+)?$/.exec(summary ?? '');
  return m?.[1];
}

export function grantOf(e: TraceEvent): Grant | undefined {
  const reason = e.attrs?.['reason'];
  if (!isAuthorization(e) || typeof reason !== 'string') return undefined;
  const m = GRANT.exec(reason);
  if (!m) return undefined;
  const binding = { kind: m[1]!, ...(m[1] === 'RoleBinding' ? nameAndNamespace(m[2]!) : { name: m[2]! }) };
  const role = { kind: m[3]!, name: m[4]!, ...(m[3] === 'Role' && binding.namespace !== undefined ? { namespace: binding.namespace } : {}) };
  const subject = { kind: m[5]!, ...(m[5] === 'ServiceAccount' ? nameAndNamespace(m[6]!) : { name: m[6]! }) };
  const allowed = allowedOf(e.summary);
  return { binding, role, subject, ...(allowed !== undefined ? { allowed } : {}) };
}

/** `User bob`, `ServiceAccount ci` (in its binding's namespace), `ServiceAccount kube-system/ci`. */
function subjectText(s: Grant['subject'], bindingNamespace: string | undefined): string {
  return `${s.kind} ${s.namespace !== undefined && s.namespace !== bindingNamespace ? `${s.namespace}/` : ''}${s.name}`;
}

/** Adds to a set kept per id. */
function note(map: Map<string, Set<string>>, id: string, text: string): void {
  map.set(id, (map.get(id) ?? new Set()).add(text));
}

/**
 * The RBAC object boxes of the focus (none unless it is about RBAC), one per
 * kind and namespace, present in the drawn state when there is one.
 */
export function rbacBoxes(events: readonly TraceEvent[], state: StepState | undefined): ObjectBox[] {
  if (!aboutRbac(events)) return [];
  const listed = new Map((state?.objects ?? []).filter((o) => isRbacKind(o.kind)).map((o) => [objectId(o.kind, o.namespace, o.name), o]));
  const wanted = new Map<string, { kind: string; namespace?: string; name: string }>();
  const details = new Map<string, Set<string>>();
  const want = (o: { kind: string; namespace?: string; name: string }) => {
    const id = objectId(o.kind, o.namespace, o.name);
    if (state === undefined || listed.has(id)) wanted.set(id, o);
    return id;
  };
  for (const e of events) {
    const r = kubectlWrite(e);
    if (r?.name !== undefined && isRbacKind(r.kind) && e.verb !== 'delete') want({ kind: r.kind, ...(r.namespace !== undefined ? { namespace: r.namespace } : {}), name: r.name });
    const g = grantOf(e);
    if (g === undefined) continue;
    note(details, want(g.binding), subjectText(g.subject, g.binding.namespace));
    const role = want(g.role);
    if (g.allowed !== undefined) note(details, role, g.allowed);
    if (g.subject.kind === 'ServiceAccount') want(g.subject);
  }
  // A role says what it grants, as the drawn state lists its rules (`get, list, watch pods, pods/log`); without a
  // state, what the focus saw it allow. A binding says its subjects. All of a folded box's together.
  const grants = (id: string) => {
    const o = listed.get(id);
    return o !== undefined && (o.kind === 'Role' || o.kind === 'ClusterRole') && o.status !== 'present' && o.status !== 'Terminating' ? [o.status] : undefined;
  };
  const said = (ids: readonly string[]) => {
    const all = [...new Set(ids.flatMap((id) => grants(id) ?? [...(details.get(id) ?? [])]))];
    return all.length > 0 ? all.join(ids.some((id) => grants(id) !== undefined) ? '; ' : ', ') : undefined;
  };
  const boxes = [...wanted].map(([id, o]): ObjectBox => {
    const status = said([id]);
    return { id, ...o, ...(status !== undefined ? { status } : {}), terminating: listed.get(id)?.terminating === true };
  });
  return foldBoxes(boxes, kindAndNamespace, (group) => said(group.map((b) => b.id)));
}
