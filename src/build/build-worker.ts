/**
 * A `build` worker thread (build/workers.ts): builds the scenarios the main
 * thread sends, one at a time, with the real stages, and answers each with
 * its status and its progress lines.
 */
import { parentPort } from 'node:worker_threads';
import { buildOne, type ScenarioStatus } from './build.ts';
import { realStages } from './stages.ts';
import { recordingReporter, type ReporterCall, type WorkerReply, type WorkerTask } from './workers.ts';

const port = parentPort;
if (port) {
  const stages = realStages();
  port.on('message', (task: WorkerTask) => {
    void (async () => {
      const calls: ReporterCall[] = [];
      let reply: WorkerReply<ScenarioStatus>;
      try {
        const status = await buildOne(task.scenario, task.job, task.outDir, await stages, task.tool, recordingReporter(calls), task.index, task.total);
        reply = { id: task.id, status, calls };
      } catch (e) {
        reply = { id: task.id, calls, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      }
      port.postMessage(reply);
    })();
  });
}
