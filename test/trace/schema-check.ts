/**
 * A tiny JSON Schema (draft 2020-12 subset) checker for docs/trace.schema.json:
 * $ref into $defs, type, const, enum, pattern, minimum, properties, required,
 * additionalProperties, items, anyOf. Enough to keep the schema and the
 * traces honest without a validator dependency.
 */
export type Schema = { [k: string]: unknown };

export function checkSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  walk(root, root, value, '$', errors);
  return errors;
}

function walk(root: Schema, s: Schema, v: unknown, path: string, errors: string[]): void {
  if (errors.length > 20) return;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/$defs/', '');
    const target = (root.$defs as Record<string, Schema>)[name];
    if (!target) return void errors.push(`${path}: unknown $ref ${s.$ref}`);
    return walk(root, target, v, path, errors);
  }
  if (Array.isArray(s.anyOf)) {
    const ok = (s.anyOf as Schema[]).some((sub) => checkSub(root, sub, v, path).length === 0);
    if (!ok) errors.push(`${path}: matches none of anyOf`);
    return;
  }
  if ('const' in s && v !== s.const) errors.push(`${path}: expected ${JSON.stringify(s.const)}, found ${JSON.stringify(v)}`);
  if (Array.isArray(s.enum) && !s.enum.includes(v as never)) errors.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => isType(t, v))) return void errors.push(`${path}: expected ${types.join('|')}, found ${v === null ? 'null' : typeof v}`);
  }
  if (typeof v === 'string' && typeof s.pattern === 'string' && !new RegExp(s.pattern).test(v)) errors.push(`${path}: "${v}" does not match ${s.pattern}`);
  if (typeof v === 'number' && typeof s.minimum === 'number' && v < s.minimum) errors.push(`${path}: ${v} < ${s.minimum}`);
  if (Array.isArray(v) && s.items) v.forEach((x, i) => walk(root, s.items as Schema, x, `${path}[${i}]`, errors));
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in o)) errors.push(`${path}: missing "${r}"`);
    for (const [k, x] of Object.entries(o)) {
      if (props[k]) walk(root, props[k]!, x, `${path}.${k}`, errors);
      else if (s.additionalProperties === false) errors.push(`${path}: unexpected property "${k}"`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(root, s.additionalProperties as Schema, x, `${path}.${k}`, errors);
    }
  }
}

function checkSub(root: Schema, s: Schema, v: unknown, path: string): string[] {
  const errs: string[] = [];
  walk(root, s, v, path, errs);
  return errs;
}

function isType(t: string, v: unknown): boolean {
  switch (t) {
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    default:
      return typeof v === t;
  }
}
