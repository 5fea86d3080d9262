/**
 * One benchmark figure. Each part of kubescene contributes a `bench/<part>.ts`
 * exporting `run(): Promise<BenchFigure[]>`; `bench/run.ts` runs them all and
 * prints a table. Speed is reported as ratios against a baseline measured in
 * the same run, never as absolute thresholds in tests.
 */
export interface BenchFigure {
  /** e.g. `simulate 10k replicas on 1k nodes`. */
  name: string;
  /** Median wall time in ms. */
  ms: number;
  /** Peak RSS/heap in MiB, where measured. */
  peakMiB?: number;
  /** Name of the baseline figure in the same run this one is compared to. */
  baseline?: string;
  /** Free-form extra facts (`events: 123456`). */
  note?: string;
}
