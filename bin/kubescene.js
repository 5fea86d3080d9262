#!/usr/bin/env node
// Entry point for `npx kubescene` and the npm `bin`. It runs the compiled
// JavaScript in dist/, which `npm ci`/`npm install` (the `prepare` script) and
// `npm pack` build with `npm run build`. After editing src/, run `npm run build`
// (the `diagrams`/`check` scripts and the test suite do it for you).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('kubescene: dist/ is missing; run `npm run build` (or `npm ci`) in the kubescene folder first\n');
  process.exit(70);
}
// `kubescene … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
