/**
 * The playground's compute worker (dist/playground-worker.js): a worker_threads thread beside the
 * extension host's, running the pure engine for the scenes, so no request, however heavy, holds
 * the host's thread. It speaks the JobRequest / JobReply protocol of ./jobs.
 */
import { parentPort } from 'node:worker_threads';
import { JobRunner, type JobReply, type JobRequest } from './jobs';

const port = parentPort;
if (!port) throw new Error('playground-worker.js runs as a worker thread, started by the extension');

const runner = new JobRunner(
  // The bytes move to the host's thread without a copy.
  (reply: JobReply) => port.postMessage(reply, reply.bytes ? [reply.bytes.buffer as ArrayBuffer] : []),
  (f) => setImmediate(f),
);
port.on('message', (m: JobRequest) => runner.accept(m));
