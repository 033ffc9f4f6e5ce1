/**
 * The sandbox host behind runner.ts, run in a worker thread so that the main thread can terminate
 * it when QuickJS's own deadline fails to stop a transform in time. Compiled transforms are kept
 * in an LRU keyed by scope and code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { shouldInterruptAfterDeadline } from 'quickjs-emscripten';
import { createCompiler, disposeEntry, type Compiled, type Entry } from './entry.ts';
import type { SandboxAnswer, SandboxFailure, SandboxJob, SandboxLimits, WorkerMessage } from './protocol.ts';
import { compileQuickJSWasm, MIB, wasmMemoryCapBytes } from './quickjs.ts';

const limits: SandboxLimits = workerData;
const port = parentPort;
if (port === null) throw new Error('src/sandbox/worker.ts must run in a worker thread');

const compiler = createCompiler(limits, await compileQuickJSWasm());
/** Idle entries keep their memory's high-water mark; past this total the least recently used go. */
const cachedBytesBudget = Math.max(256 * MIB, 2 * wasmMemoryCapBytes(limits.memoryLimitBytes));
const cache = new Map<string, Entry>();

/** Drops least recently used entries beyond the count, then beyond the memory budget. */
function trimCache(): void {
  let cachedBytes = 0;
  for (const entry of cache.values()) cachedBytes += entry.memory.buffer.byteLength;
  for (const [key, entry] of cache) {
    if (cache.size <= limits.cacheSize && cachedBytes <= cachedBytesBudget) break;
    cache.delete(key);
    cachedBytes -= entry.memory.buffer.byteLength;
    disposeEntry(entry);
  }
}

async function lookupOrCompile(code: string, deadline: number, key: string): Promise<Compiled> {
  const cached = cache.get(key);
  if (cached !== undefined) {
    cache.delete(key);
    cache.set(key, cached);
    cached.runtime.setInterruptHandler(shouldInterruptAfterDeadline(deadline));
    return { entry: cached };
  }
  const compiled = await compiler.compile(code, deadline);
  if ('entry' in compiled) cache.set(key, compiled.entry);
  return compiled;
}

/** The cached entry for the code, one whose memory has room for the input: see RESERVE. */
async function entryWithRoomFor(code: string, input: string, deadline: number, key: string): Promise<Compiled> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const found = await lookupOrCompile(code, deadline, key);
    if ('failure' in found || compiler.reserve(found.entry, input)) return found;
    // The transform's own state may be what fills the memory: a fresh compile starts empty.
    cache.delete(key);
    disposeEntry(found.entry);
  }
  return { failure: { message: `the request is too large for the ${compiler.memoryLimitText} memory limit` } };
}

async function run(code: string, input: string, scope: string): Promise<{ output: string } | { failure: SandboxFailure }> {
  const key = `${scope}\u0000${code}`;
  const found = await entryWithRoomFor(code, input, Date.now() + limits.timeLimitMs, key);
  if ('failure' in found) return found;
  const outcome = compiler.call(found.entry, input, code);
  if ('discarded' in outcome) cache.delete(key);
  else trimCache();
  return outcome;
}

async function handle(job: SandboxJob): Promise<SandboxAnswer> {
  try {
    if (job.type === 'validate') {
      const compiled = await compiler.compile(job.code, Date.now() + limits.timeLimitMs);
      if ('failure' in compiled) return { id: job.id, ok: false, ...compiled.failure };
      disposeEntry(compiled.entry);
      return { id: job.id, ok: true };
    }
    const outcome = await run(job.code, job.input, job.scope);
    if ('failure' in outcome) return { id: job.id, ok: false, ...outcome.failure };
    return { id: job.id, ok: true, output: outcome.output };
  } catch (error) {
    // An exception from the host side of QuickJS (e.g. V8's stack limit hit inside WASM) unwinds
    // without restoring the WASM stack pointer: nothing in this worker is to be trusted now.
    const reason = error instanceof Error ? error.message : String(error);
    return { id: job.id, ok: false, message: `transform sandbox failed: ${reason}`, fatal: true };
  }
}

const send = (message: WorkerMessage) => port.postMessage(message);

// The first evaluation pays the WASM warm-up (about 20 ms); pay it before the first event's clock
// starts.
await handle({ id: 0, type: 'validate', code: '(request) => request' });

// The main thread sends one job at a time, but a chain keeps the jobs in order regardless.
let previous = Promise.resolve();
port.on('message', (job: SandboxJob) => {
  previous = previous.then(async () => send(await handle(job)));
});
send({ type: 'ready' });
