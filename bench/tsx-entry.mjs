// The CLI as kubescene ran before the compiled distribution (issue 11): tsx
// transpiles src/ on every start. Kept only as the bench's baseline.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
