/**
 * The API server's validation of a Job spec (pkg/apis/batch/validation,
 * validateJobSpec, release 1.31), for a Job (`spec`) and a CronJob's
 * jobTemplate (`spec.jobTemplate.spec`): non-negative counts, completionMode
 * and the per-index fields (backoffLimitPerIndex, maxFailedIndexes), the pod failure
 * policy (validatePodFailurePolicy and its rules), podReplacementPolicy
 * against it, and the template's restartPolicy (OnFailure or Never; Never
 * with a pod failure policy). Each error is `<field path>: <type>: <detail>`
 * as field.Error prints it.
 */
import { qualifiedNameErrors } from '../core/names.ts';

/** maxPodFailurePolicyRules, maxPodFailurePolicyOnExitCodesValues, maxPodFailurePolicyOnPodConditionsPatterns. */
const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_CONDITION_PATTERNS = 20;
/** sets.List of the supported values: sorted. */
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];
/** maxParallelismForIndexedJob, maxFailedIndexesForIndexedJob, completionsSoftLimit (validation.go). */
const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
/** parallelismLimitForHighCompletions, maxFailedIndexesLimitForHighCompletions. */
const PARALLELISM_LIMIT_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10_000;

/** A Job spec as submitted: nothing in it is known yet. */
interface SubmittedJobSpec {
  parallelism?: unknown;
  completions?: unknown;
  activeDeadlineSeconds?: unknown;
  backoffLimit?: unknown;
  ttlSecondsAfterFinished?: unknown;
  backoffLimitPerIndex?: unknown;
  maxFailedIndexes?: unknown;
  completionMode?: unknown;
  podFailurePolicy?: { rules?: unknown };
  podReplacementPolicy?: unknown;
  template?: { spec?: { restartPolicy?: unknown; containers?: unknown; initContainers?: unknown } };
}

export function validateJobSpec(spec: SubmittedJobSpec | undefined, path: string, errs: string[]): void {
  if (!spec) return;
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished'] as const) {
    const v = spec[f];
    // ValidateNonnegativeField.
    if (typeof v === 'number' && v < 0) errs.push(`${path}.${f}: Invalid value: ${v}: must be greater than or equal to 0`);
  }
  validateIndexed(spec, path, errs);
  const policy = spec.podFailurePolicy;
  if (policy) validatePodFailurePolicy(spec, `${path}.podFailurePolicy`, errs);
  // validatePodReplacementPolicy: with a pod failure policy only Failed.
  const rp = spec.podReplacementPolicy;
  if (typeof rp === 'string') {
    if (policy && rp !== 'Failed') errs.push(`${path}.podReplacementPolicy: Unsupported value: ${q(rp)}: supported values: "Failed"`);
    else if (!policy && !REPLACEMENT_POLICIES.includes(rp)) errs.push(`${path}.podReplacementPolicy: Unsupported value: ${q(rp)}: supported values: ${REPLACEMENT_POLICIES.map(q).join(', ')}`);
  }
  // The template's restartPolicy (defaulted to Always when unset).
  const restart = spec.template?.spec?.restartPolicy ?? 'Always';
  const rpPath = `${path}.template.spec.restartPolicy`;
  if (restart === 'Always' || restart === '') errs.push(`${rpPath}: Required value: valid values: "OnFailure", "Never"`);
  else if (restart !== 'OnFailure' && restart !== 'Never') errs.push(`${rpPath}: Unsupported value: ${q(String(restart))}: supported values: "OnFailure", "Never"`);
  else if (policy && restart !== 'Never') errs.push(`${rpPath}: Invalid value: ${q(String(restart))}: only "Never" is supported when podFailurePolicy is specified`);
}

/**
 * validateJobSpec, release 1.31: backoffLimitPerIndex, maxFailedIndexes and
 * completionMode (Indexed needs completions; the per-index fields need
 * Indexed; the limits of maxParallelismForIndexedJob and friends).
 */
function validateIndexed(spec: SubmittedJobSpec, path: string, errs: string[]): void {
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  const perIndex = num(spec.backoffLimitPerIndex);
  const maxFailed = num(spec.maxFailedIndexes);
  const completions = num(spec.completions);
  const parallelism = num(spec.parallelism);
  const hasPerIndex = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null;
  const hasMaxFailed = spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null;
  if (perIndex !== undefined && perIndex < 0) errs.push(`${path}.backoffLimitPerIndex: Invalid value: ${perIndex}: must be greater than or equal to 0`);
  if (hasMaxFailed) {
    if (maxFailed !== undefined && maxFailed < 0) errs.push(`${path}.maxFailedIndexes: Invalid value: ${maxFailed}: must be greater than or equal to 0`);
    if (!hasPerIndex) errs.push(`${path}.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified`);
  }
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== null) {
    // field.NotSupported keeps the order given: NonIndexed, Indexed.
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(`${path}.completionMode: Unsupported value: ${q(String(mode))}: supported values: "NonIndexed", "Indexed"`);
    if (mode === 'Indexed') {
      if (spec.completions === undefined || spec.completions === null) errs.push(`${path}.completions: Required value: when completion mode is Indexed`);
      if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED) errs.push(`${path}.parallelism: Invalid value: ${parallelism}: must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`);
      if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) errs.push(`${path}.maxFailedIndexes: Invalid value: ${maxFailed}: must be less than or equal to completions`);
      if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES) errs.push(`${path}.maxFailedIndexes: Invalid value: ${maxFailed}: must be less than or equal to ${MAX_FAILED_INDEXES}`);
      if (completions !== undefined && completions > COMPLETIONS_SOFT_LIMIT && hasPerIndex) {
        if (!hasMaxFailed) errs.push(`${path}.maxFailedIndexes: Required value: must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`);
        const high = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
        if (parallelism !== undefined && parallelism > PARALLELISM_LIMIT_HIGH_COMPLETIONS) errs.push(`${path}.parallelism: Invalid value: ${parallelism}: must be less than or equal to ${PARALLELISM_LIMIT_HIGH_COMPLETIONS} ${high}`);
        if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES_HIGH_COMPLETIONS) errs.push(`${path}.maxFailedIndexes: Invalid value: ${maxFailed}: must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} ${high}`);
      }
    }
  }
  if (mode === undefined || mode === null || mode === 'NonIndexed') {
    if (hasPerIndex) errs.push(`${path}.backoffLimitPerIndex: Invalid value: ${String(spec.backoffLimitPerIndex)}: requires indexed completion mode`);
    if (hasMaxFailed) errs.push(`${path}.maxFailedIndexes: Invalid value: ${String(spec.maxFailedIndexes)}: requires indexed completion mode`);
  }
}

function validatePodFailurePolicy(spec: SubmittedJobSpec, path: string, errs: string[]): void {
  const rules: unknown[] = Array.isArray(spec.podFailurePolicy?.rules) ? spec.podFailurePolicy.rules : [];
  if (rules.length > MAX_RULES) errs.push(`${path}.rules: Too many: ${rules.length}: must have at most ${MAX_RULES} items`);
  const names = new Set<string>();
  for (const list of [spec.template?.spec?.containers, spec.template?.spec?.initContainers]) {
    if (Array.isArray(list)) for (const c of list) if (c && typeof c === 'object' && typeof (c as { name?: unknown }).name === 'string') names.add((c as { name: string }).name);
  }
  rules.forEach((r, i) => validateRule(spec, (r ?? {}) as Rule, `${path}.rules[${i}]`, names, errs));
}

interface Rule {
  action?: unknown;
  onExitCodes?: { containerName?: unknown; operator?: unknown; values?: unknown } | null;
  onPodConditions?: unknown;
}

/** validatePodFailurePolicyRule. */
function validateRule(spec: SubmittedJobSpec, rule: Rule, path: string, names: Set<string>, errs: string[]): void {
  const action = rule.action;
  if (action === undefined || action === '') errs.push(`${path}.action: Required value: valid values: [${ACTIONS.map(q).join(' ')}]`);
  else if (action === 'FailIndex') {
    if (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null) errs.push(`${path}.action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set`);
  } else if (!ACTIONS.includes(String(action))) errs.push(`${path}.action: Unsupported value: ${q(String(action))}: supported values: ${ACTIONS.map(q).join(', ')}`);
  const onExit = rule.onExitCodes ?? undefined;
  const conditions: unknown[] = Array.isArray(rule.onPodConditions) ? rule.onPodConditions : [];
  if (onExit) validateOnExitCodes(onExit, `${path}.onExitCodes`, names, errs);
  if (conditions.length > 0) validateOnPodConditions(conditions, `${path}.onPodConditions`, errs);
  if (onExit && conditions.length > 0) errs.push(`${path}: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported`);
  if (!onExit && conditions.length === 0) errs.push(`${path}: Invalid value: specifying one of OnExitCodes and OnPodConditions is required`);
}

/** validatePodFailurePolicyRuleOnExitCodes. */
function validateOnExitCodes(req: NonNullable<Rule['onExitCodes']>, path: string, names: Set<string>, errs: string[]): void {
  const op = req.operator;
  if (op === undefined || op === '') errs.push(`${path}.operator: Required value: valid values: [${OPERATORS.map(q).join(' ')}]`);
  else if (!OPERATORS.includes(String(op))) errs.push(`${path}.operator: Unsupported value: ${q(String(op))}: supported values: ${OPERATORS.map(q).join(', ')}`);
  if (typeof req.containerName === 'string' && !names.has(req.containerName)) errs.push(`${path}.containerName: Invalid value: ${q(req.containerName)}: must be one of the container or initContainer names in the pod template`);
  const values: unknown[] = Array.isArray(req.values) ? req.values : [];
  if (values.length === 0) errs.push(`${path}.values: Invalid value: ${Array.isArray(req.values) ? '[]' : 'null'}: at least one value is required`);
  else if (values.length > MAX_EXIT_CODES) errs.push(`${path}.values: Too many: ${values.length}: must have at most ${MAX_EXIT_CODES} items`);
  const seen = new Set<unknown>();
  let ordered = true;
  values.forEach((v, j) => {
    if (op === 'In' && v === 0) errs.push(`${path}.values[${j}]: Invalid value: 0: must not be 0 for the In operator`);
    if (seen.has(v)) errs.push(`${path}.values[${j}]: Duplicate value: ${String(v)}`);
    else seen.add(v);
    const before = values[j - 1];
    if (j > 0 && typeof before === 'number' && typeof v === 'number' && before > v) ordered = false;
  });
  if (!ordered) errs.push(`${path}.values: Invalid value: ${JSON.stringify(values)}: must be ordered`);
}

/** validatePodFailurePolicyRuleOnPodConditions. */
function validateOnPodConditions(patterns: unknown[], path: string, errs: string[]): void {
  if (patterns.length > MAX_CONDITION_PATTERNS) errs.push(`${path}: Too many: ${patterns.length}: must have at most ${MAX_CONDITION_PATTERNS} items`);
  patterns.forEach((raw, j) => {
    const p = (raw ?? {}) as { type?: unknown; status?: unknown };
    const type = String(p.type ?? '');
    // ValidateQualifiedName.
    for (const msg of qualifiedNameErrors(type)) errs.push(`${path}[${j}].type: Invalid value: ${q(type)}: ${msg}`);
    const status = p.status;
    if (status === undefined || status === '') errs.push(`${path}[${j}].status: Required value: valid values: [${CONDITION_STATUSES.map(q).join(' ')}]`);
    else if (!CONDITION_STATUSES.includes(String(status))) errs.push(`${path}[${j}].status: Unsupported value: ${q(String(status))}: supported values: ${CONDITION_STATUSES.map(q).join(', ')}`);
  });
}

/** Go's %q. */
function q(s: string): string {
  return JSON.stringify(s);
}
