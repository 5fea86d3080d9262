/** `--detail <level>` for build and check: one of DETAIL_LEVELS, else a located usage diagnostic (exit 2). */
import { DiagnosticError } from '../common/diagnostic.ts';
import { DETAIL_LEVELS, type DetailLevel } from '../scenario/types.ts';

export function parseDetail(value: string): DetailLevel {
  if ((DETAIL_LEVELS as readonly string[]).includes(value)) return value as DetailLevel;
  throw new DiagnosticError([
    { code: 'usage', severity: 'error', message: `--detail must be one of ${DETAIL_LEVELS.join(', ')}, got ${JSON.stringify(value)}`, file: '<command line>' },
  ]);
}
