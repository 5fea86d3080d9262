/** Continuation helpers for the callback-style simulation (no promises: the clock drives everything). */
export type Task = (next: () => void) => void;

/** Runs tasks one after the other, then `done`. */
export function series(tasks: Task[], done: () => void): void {
  let i = 0;
  const step = (): void => {
    if (i >= tasks.length) return done();
    const t = tasks[i++]!;
    t(step);
  };
  step();
}

/** Runs tasks concurrently; `done` once all have finished. */
export function parallel(tasks: Task[], done: () => void): void {
  let left = tasks.length;
  if (left === 0) return done();
  for (const t of tasks) t(() => {
    if (--left === 0) done();
  });
}
