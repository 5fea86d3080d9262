/**
 * The run budget of one simulation: how many trace events and how many
 * scheduled tasks (timer firings, watch deliveries, controller syncs) a
 * scenario may cost before the model stops it. A scenario that asks for
 * `replicas: 10000000` or `advance: 10000h` would otherwise run for hours or
 * exhaust memory; with the budget it stops with a located diagnostic and
 * exit 2, and nothing is written.
 *
 * Defaults (docs/scenario-format.md, "Run budget"): 2,000,000 events — about
 * 40,000 Pods' worth, four times the 10,000-replica benchmark — and
 * 50,000,000 tasks. Override with the environment variables
 * `KUBESCENE_MAX_EVENTS` and `KUBESCENE_MAX_TASKS` (positive integers), or
 * `SimulateOptions.budget` from the API.
 */
export interface RunBudget {
  events: number;
  tasks: number;
}

export const DEFAULT_BUDGET: Readonly<RunBudget> = { events: 2_000_000, tasks: 50_000_000 };

export const BUDGET_ENV = { events: 'KUBESCENE_MAX_EVENTS', tasks: 'KUBESCENE_MAX_TASKS' } as const;

/** Thrown from inside the model when the budget is spent; `simulate` turns it into a diagnostic. */
export class BudgetExceeded extends Error {
  constructor(
    readonly what: keyof RunBudget,
    readonly limit: number,
  ) {
    super(`run budget exceeded: more than ${limit} ${what}`);
    this.name = 'BudgetExceeded';
  }
}

/**
 * The budget from the environment, over the defaults. A value that is not a
 * positive integer is reported in `problems` (the caller turns it into a
 * diagnostic) and the default is kept.
 */
export function budgetFromEnv(env: Record<string, string | undefined>): { budget: RunBudget; problems: string[] } {
  const budget: RunBudget = { ...DEFAULT_BUDGET };
  const problems: string[] = [];
  for (const what of ['events', 'tasks'] as const) {
    const raw = env[BUDGET_ENV[what]];
    if (raw === undefined || raw === '') continue;
    if (/^[1-9]\d{0,14}$/.test(raw.trim())) budget[what] = Number(raw.trim());
    else problems.push(`${BUDGET_ENV[what]}=${JSON.stringify(raw)} is not a positive integer; using ${DEFAULT_BUDGET[what]}`);
  }
  return { budget, problems };
}
