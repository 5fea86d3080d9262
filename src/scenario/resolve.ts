/**
 * Resolves `-f` arguments to ScenarioFiles: inline `files:` first, then the
 * disk (through FileHost), never outside the scenario folder. Each disk file is
 * read and validated once, however many steps name it.
 */
import { posix } from 'node:path';
import type { Node } from 'yaml';
import { sha256 } from '../common/hash.ts';
import type { KubeObject, ScenarioFile } from './types.ts';
import { Source, rangeOf, type Range } from './source.ts';
import type { ReadContext } from './read.ts';
import { manifestsFromText } from './manifests.ts';
import { didYouMean } from './suggest.ts';
import { hasManifestExtension, isRemote, normalizeFilePath, type FileHost } from './files.ts';

export class FileResolver {
  private readonly inline = new Map<string, ScenarioFile>();
  private readonly disk = new Map<string, ScenarioFile>();
  /** Disk paths that failed (missing, escaping): reported once per step, not re-read. */
  private readonly read = new Map<string, string>();
  /** `-f` spellings that differ from the normalised name (`./web.yaml`, `manifests/`). */
  private readonly aliases = new Map<string, string>();

  constructor(
    private readonly ctx: ReadContext,
    private readonly host: FileHost,
    /** display path of the scenario; disk files are shown relative to its folder */
    private readonly scenarioFile: string,
  ) {}

  hasInline(name: string): boolean {
    return this.inline.has(name);
  }

  addInline(file: ScenarioFile): void {
    this.inline.set(file.name, file);
  }

  /** Keys of the resolved files, in argument order; problems are reported at the command. */
  resolve(args: readonly string[], at: Node): string[] {
    const out: string[] = [];
    for (const arg of args) {
      const key = this.resolveOne(arg, at);
      if (key === undefined) continue;
      out.push(key);
      if (arg !== key) this.aliases.set(arg, key);
    }
    return out;
  }

  private resolveOne(arg: string, at: Node): string | undefined {
    const where = this.argRange(arg, at);
    if (arg === '-') {
      this.ctx.diags.error(this.ctx.src, where, 'unsupported-file', 'reading manifests from stdin ("-f -") is not supported in a scenario', 'put the manifest under "files:" and name it with -f');
      return undefined;
    }
    if (isRemote(arg)) {
      this.ctx.diags.error(this.ctx.src, where, 'unsupported-file', `remote file "${arg}" is not supported: scenarios must be reproducible offline`, 'copy the manifest next to the scenario or under "files:"');
      return undefined;
    }
    const name = normalizeFilePath(arg);
    if (name === undefined) {
      this.ctx.diags.error(this.ctx.src, where, 'path-escape', `"${arg}": path escapes the scenario folder`, 'a scenario may only read files in its own folder and below');
      return undefined;
    }
    if (this.inline.has(name) || this.disk.has(name)) return name;
    const inlineDir = this.inlineDirectory(name);
    if (inlineDir) return inlineDir;
    return this.fromDisk(arg, name, where);
  }

  /** `-f manifests/` where `files:` has `manifests/a.yaml`, `manifests/b.yaml`. */
  private inlineDirectory(name: string): string | undefined {
    const prefix = name === '.' ? '' : `${name}/`;
    const entries = [...this.inline.keys()].filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/') && hasManifestExtension(k)).sort();
    if (entries.length === 0) return undefined;
    this.disk.set(name, this.directoryFile(name, 'inline', entries.map((e) => this.inline.get(e) as ScenarioFile)));
    return name;
  }

  private fromDisk(arg: string, name: string, where: Range | undefined): string | undefined {
    const outcome = this.host.read(name);
    switch (outcome.kind) {
      case 'escape':
        this.ctx.diags.error(this.ctx.src, where, 'path-escape', `"${arg}": path escapes the scenario folder`, 'a scenario may only read files in its own folder and below (symbolic links included)');
        return undefined;
      case 'missing':
        this.ctx.diags.error(this.ctx.src, where, 'file-not-found', `"${arg}": no such file in "files:" or next to the scenario`, this.missingHint(name));
        return undefined;
      case 'file':
        this.disk.set(name, this.diskFile(name, outcome.text));
        return name;
      case 'dir': {
        const entries = outcome.entries.filter(hasManifestExtension).sort().map((e) => (name === '.' ? e : `${name}/${e}`));
        const files: ScenarioFile[] = [];
        for (const e of entries) {
          const r = this.host.read(e);
          if (r.kind !== 'file') continue;
          const f = this.disk.get(e) ?? this.diskFile(e, r.text);
          this.disk.set(e, f);
          files.push(f);
        }
        if (files.length === 0) {
          this.ctx.diags.error(this.ctx.src, where, 'file-not-found', `"${arg}": the folder has no .yaml, .yml or .json files`);
          return undefined;
        }
        this.disk.set(name, this.directoryFile(name, 'disk', files));
        return name;
      }
    }
  }

  private missingHint(name: string): string | undefined {
    const names = [...this.inline.keys()];
    if (names.length === 0) return undefined;
    return didYouMean(name, names) ?? `inline files: ${names.join(', ')}`;
  }

  private diskFile(name: string, text: string): ScenarioFile {
    this.read.set(name, sha256(text));
    const display = posix.join(posix.dirname(this.scenarioFile), name);
    const objects = manifestsFromText(this.ctx.diags, (lc) => Source.forText(display, text, lc), text);
    return { name, origin: 'disk', text, objects };
  }

  private directoryFile(name: string, origin: ScenarioFile['origin'], files: ScenarioFile[]): ScenarioFile {
    const objects: KubeObject[] = files.flatMap((f) => f.objects);
    const text = files.map((f) => f.text).join('\n---\n');
    return { name, origin, text, objects, entries: files.map((f) => f.name) };
  }

  /** The range of the argument inside the command string when it can be found, else the whole command. */
  private argRange(arg: string, at: Node): Range | undefined {
    const r = rangeOf(at);
    if (!r) return undefined;
    const text = this.ctx.text.slice(r[0], r[1]);
    // The argument as a word of its own (after a space, `=`, `,` or `-f`), not inside another word.
    for (let i = text.indexOf(arg); i >= 0; i = text.indexOf(arg, i + 1)) {
      if (i > 0 && ' \t=,f\'"'.includes(text[i - 1] as string)) return [r[0] + i, r[0] + i + arg.length];
    }
    return r;
  }

  /**
   * Every file a -f named or `files:` defined, by normalised name, plus each
   * other spelling a command used (`./web.yaml`), so that the model can look
   * up the argument exactly as kubectl received it.
   */
  files(): Record<string, ScenarioFile> {
    const byName = new Map([...this.inline.entries(), ...this.disk.entries()]);
    for (const [alias, key] of this.aliases) {
      const f = byName.get(key);
      if (f && !byName.has(alias)) byName.set(alias, f);
    }
    return Object.fromEntries([...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Disk files read (paths relative to the scenario folder) with their sha256. */
  inputs(): { path: string; sha256: string }[] {
    return [...this.read.entries()].map(([path, hash]) => ({ path, sha256: hash }));
  }
}
