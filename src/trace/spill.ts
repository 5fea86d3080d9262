/**
 * A streaming trace writer's event store: while the model runs, each event is
 * written to a temporary file in its final form (io.ts eventText), so the
 * model holds no events; the trace is then written with traceChunks, which
 * copies the file in as the `events` array. The bytes are exactly those of
 * writeTrace on the same trace with its events in memory, so a trace of any
 * size can be written in the same pretty (or --compact) shape.
 *
 * The model runs synchronously, so the file is written with synchronous
 * writes, in batches of about 1 MiB.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { eventSeparator, eventText, type SpilledEvents, type WriteTraceOptions } from './io.ts';
import type { TraceEvent } from './types.ts';

const BATCH = 1 << 20;

export class EventSpill implements SpilledEvents {
  count = 0;
  private readonly dir: string;
  private readonly path: string;
  private fd: number | undefined;
  private pending = '';
  private readonly separator: string;

  constructor(private readonly format: WriteTraceOptions = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'kubescene-trace-'));
    this.path = join(this.dir, 'events.json');
    this.fd = openSync(this.path, 'w');
    this.separator = eventSeparator(format);
  }

  /** The recorder's sink (cluster simulate's `onEvent`). */
  readonly add = (event: TraceEvent): void => {
    this.pending += (this.count === 0 ? '' : this.separator) + eventText(event, this.format);
    this.count++;
    if (this.pending.length >= BATCH) this.flush();
  };

  /** Writes what is pending and closes the file; call once the model has finished. */
  finish(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The `events` array body, read back in pieces. */
  *body(): Generator<string> {
    const fd = openSync(this.path, 'r');
    try {
      const buf = Buffer.allocUnsafe(BATCH);
      const decoder = new StringDecoder('utf8');
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        yield decoder.write(buf.subarray(0, n));
      }
      const rest = decoder.end();
      if (rest) yield rest;
    } finally {
      closeSync(fd);
    }
  }

  /** Removes the temporary file (always call, also after a failure). */
  remove(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(): void {
    if (this.pending === '' || this.fd === undefined) return;
    writeSync(this.fd, this.pending);
    this.pending = '';
  }
}
