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
import { hasManifestExtension, isRemote, kustomizeKey, normalizeFilePath, recursiveKey, type FileHost } from './files.ts';

export interface ResolveOptions {
  /** `-R`: folders include their sub-folders' files (kubectl's order: a depth-first walk in name order). */
  recursive?: boolean;
  /** `-k`: the arguments are kustomization folders, built with `kubectl kustomize`. */
  kustomize?: boolean;
  /** A folder resolves to the keys of its files instead of its own key (`git: files: [DIR]`). */
  expand?: boolean;
}

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
  resolve(args: readonly string[], at: Node, opts: ResolveOptions = {}): string[] {
    const out: string[] = [];
    for (const arg of args) {
      const key = opts.kustomize ? this.resolveKustomize(arg, at) : this.resolveOne(arg, at, opts.recursive === true);
      if (key === undefined) continue;
      const entries = opts.expand ? this.disk.get(key)?.entries : undefined;
      if (entries) {
        out.push(...entries);
        continue;
      }
      out.push(key);
      // The model looks files up by the argument as written (and by its -R / -k key).
      const spelled = key === recursiveKey(normalizeFilePath(arg) ?? '') ? recursiveKey(arg) : opts.kustomize ? kustomizeKey(arg) : arg;
      if (spelled !== key) this.aliases.set(spelled, key);
    }
    return out;
  }

  private checkArg(arg: string, where: Range | undefined): string | undefined {
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
    return name;
  }

  /** `-k DIR`: the objects `kubectl kustomize DIR` prints, as one file keyed `kustomize:DIR`. */
  private resolveKustomize(arg: string, at: Node): string | undefined {
    const where = this.argRange(arg, at);
    const name = this.checkArg(arg, where);
    if (name === undefined) return undefined;
    const key = kustomizeKey(name);
    if (this.disk.has(key)) return key;
    const outcome = this.host.kustomize?.(name) ?? { kind: 'unavailable' as const, reason: 'kustomizations can only be built for a scenario read from disk (not from a git revision)' };
    switch (outcome.kind) {
      case 'escape':
        this.ctx.diags.error(this.ctx.src, where, 'path-escape', `"${arg}": path escapes the scenario folder`, 'a scenario may only read files in its own folder and below (symbolic links included)');
        return undefined;
      case 'missing':
        this.ctx.diags.error(this.ctx.src, where, 'file-not-found', `"${arg}": no such folder next to the scenario`, 'kubectl -k names a folder holding a kustomization.yaml');
        return undefined;
      case 'unavailable':
        this.ctx.diags.error(
          this.ctx.src,
          where,
          'kustomize-failed',
          `"-k ${arg}": ${outcome.reason}`,
          outcome.hint ?? 'build the manifests once with `kubectl kustomize DIR > app.yaml` and apply -f app.yaml',
        );
        return undefined;
      case 'failed':
        this.ctx.diags.error(this.ctx.src, where, 'kustomize-failed', `"-k ${arg}": kubectl kustomize failed: ${outcome.message}`);
        return undefined;
      case 'output': {
        const f = this.diskFile(key, outcome.text, `${name} (kubectl kustomize)`);
        this.disk.set(key, f);
        return key;
      }
    }
  }

  private resolveOne(arg: string, at: Node, recursive: boolean): string | undefined {
    const where = this.argRange(arg, at);
    const name = this.checkArg(arg, where);
    if (name === undefined) return undefined;
    if (this.inline.has(name)) return name;
    if (recursive && this.disk.has(recursiveKey(name))) return recursiveKey(name);
    if (this.disk.has(name) && (!recursive || this.disk.get(name)?.entries === undefined)) return name;
    const inlineDir = this.inlineDirectory(name, recursive);
    if (inlineDir) return inlineDir;
    return this.fromDisk(arg, name, where, recursive);
  }

  /** `-f manifests/` where `files:` has `manifests/a.yaml`, `manifests/b.yaml` (with -R, `manifests/x/c.yaml` too). */
  private inlineDirectory(name: string, recursive: boolean): string | undefined {
    const prefix = name === '.' ? '' : `${name}/`;
    const entries = [...this.inline.keys()].filter((k) => k.startsWith(prefix) && (recursive || !k.slice(prefix.length).includes('/')) && hasManifestExtension(k)).sort();
    if (entries.length === 0) return undefined;
    const key = recursive ? recursiveKey(name) : name;
    this.disk.set(key, this.directoryFile(key, 'inline', entries.map((e) => this.inline.get(e) as ScenarioFile)));
    return key;
  }

  /**
   * The manifest files of a folder on disk, in kubectl's order: names sorted,
   * sub-folders walked where they sort (with -R), other extensions skipped.
   */
  private folderFiles(name: string, entries: readonly string[], recursive: boolean): ScenarioFile[] {
    const files: ScenarioFile[] = [];
    for (const entry of [...entries].sort()) {
      const rel = name === '.' ? entry : `${name}/${entry}`;
      const isManifest = hasManifestExtension(entry);
      if (!isManifest && !recursive) continue;
      const r = this.host.read(rel);
      if (r.kind === 'dir' && recursive) files.push(...this.folderFiles(rel, r.entries, true));
      if (r.kind !== 'file' || !isManifest) continue;
      const f = this.disk.get(rel) ?? this.diskFile(rel, r.text);
      this.disk.set(rel, f);
      files.push(f);
    }
    return files;
  }

  private fromDisk(arg: string, name: string, where: Range | undefined, recursive: boolean): string | undefined {
    const outcome = this.host.read(name);
    switch (outcome.kind) {
      case 'escape':
        this.ctx.diags.error(this.ctx.src, where, 'path-escape', `"${arg}": path escapes the scenario folder`, 'a scenario may only read files in its own folder and below (symbolic links included)');
        return undefined;
      case 'missing':
        this.ctx.diags.error(this.ctx.src, where, 'file-not-found', `"${arg}": no such file in "files:" or next to the scenario`, this.missingHint(name));
        return undefined;
      case 'file':
        if (!this.disk.has(name)) this.disk.set(name, this.diskFile(name, outcome.text));
        return name;
      case 'dir': {
        const files = this.folderFiles(name, outcome.entries, recursive);
        if (files.length === 0) {
          const hint = recursive ? undefined : 'add -R to read its sub-folders too, as kubectl does';
          this.ctx.diags.error(this.ctx.src, where, 'file-not-found', `"${arg}": the folder has no .yaml, .yml or .json files${recursive ? ' (sub-folders included)' : ''}`, hint);
          return undefined;
        }
        const key = recursive ? recursiveKey(name) : name;
        this.disk.set(key, this.directoryFile(key, 'disk', files));
        return key;
      }
    }
  }

  private missingHint(name: string): string | undefined {
    const names = [...this.inline.keys()];
    if (names.length === 0) return undefined;
    return didYouMean(name, names) ?? `inline files: ${names.join(', ')}`;
  }

  private diskFile(name: string, text: string, shown = name): ScenarioFile {
    this.read.set(name, sha256(text));
    const display = posix.join(posix.dirname(this.scenarioFile), shown);
    const objects = manifestsFromText(this.ctx.diags, (lc) => Source.forText(display, text, lc), text, this.ctx.kinds);
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
