#!/usr/bin/env node
// Entry point for `npx kubescene` and the npm `bin`. kubescene is written in
// TypeScript and runs through tsx's loader, so there is no build step between
// a checkout and a working CLI.
import { register } from 'tsx/esm/api';

register();
// `kubescene … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
