/**
 * PlantUML: structural checks always (emit.test.ts checks balance), and the
 * real PlantUML syntax check when a jar is installed (Debian: `apt-get install
 * plantuml`, or `$PLANTUML_JAR`). No jar ships in npm, so CI may skip it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPlantUml } from '../../src/render/plantuml/index.ts';
import { toolViews } from './corpus.ts';
import { HAND_VIEWS, HOSTILE, hostileView } from './hand-views.ts';

/** Every corpus view and every scenario's summary (as `render --detail summary` draws it). */
const views = await toolViews();
const JAR = process.env['PLANTUML_JAR'] ?? '/usr/share/plantuml/plantuml.jar';
const haveJar = existsSync(JAR) && spawnSync('java', ['-version']).status === 0;
if (!haveJar) console.warn(`PlantUML syntax check skipped: no ${JAR} (apt-get install plantuml, or set PLANTUML_JAR)`);

describe('PlantUML text', () => {
  it('hostile labels appear only in escaped form', () => {
    for (const view of HAND_VIEWS) {
      const lines = toPlantUml(hostileView(view)).trimEnd().split('\n');
      const body = lines.slice(1, -1).join('\n');
      expect(body).not.toContain('@');
      expect(body).not.toMatch(/<(?!U\+[0-9A-F]{4,6}>)/);
      for (const h of HOSTILE.filter((s) => /["@<>{}]/.test(s))) expect(body).not.toContain(h);
      // Quoted names hold no quote of their own: exactly two per quoted line.
      for (const line of lines.filter((l) => l.includes('"'))) expect(line.split('"')).toHaveLength(3);
    }
  });

  it.skipIf(!haveJar)('every emitted file passes the PlantUML syntax check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubescene-puml-'));
    try {
      const files = views.map(({ name, view }) => {
        const file = join(dir, `${name.replace(/\//g, '__')}.puml`);
        writeFileSync(file, toPlantUml(view));
        return { name, file };
      });
      // One JVM for all files; only on failure look for the culprits one by one.
      const all = spawnSync('java', ['-Djava.awt.headless=true', '-jar', JAR, '-checkonly', ...files.map((f) => f.file)]);
      if (all.status === 0) return;
      const bad = files.filter(({ file }) => {
        const out = execFileSync('java', ['-Djava.awt.headless=true', '-jar', JAR, '-syntax'], { input: readFileSync(file, 'utf8') });
        return out.toString().startsWith('ERROR');
      });
      expect(bad.map((b) => b.name)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
