import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Hookrelay as a real separate process (`src/main.ts` under tsx), for tests and benchmarks that
 * must kill it, signal it or measure it apart from the caller.
 */
export interface ServerProcess {
  /** Base URL once listening, e.g. http://127.0.0.1:43123 */
  url: string;
  pid: number;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
  /** False once the process has exited. */
  running(): boolean;
  /** What the process wrote so far (pino JSON lines and stderr), its last megabyte. */
  output(): string;
  /** Peak resident set size in bytes so far (VmHWM), or null once the process is gone. */
  peakRss(): Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<number | null>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function startServerProcess(env: Record<string, string>, startTimeoutMs = 60_000, nodeArgs: string[] = []): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HOOKRELAY_GRAPHIQL: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // A test worker that dies or times out must not leave a server delivering into the next test.
  const killOrphan = () => child.kill('SIGKILL');
  process.once('exit', killOrphan);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      process.off('exit', killOrphan);
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Hookrelay did not start within ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    let listening = false;
    const onData = (chunk: Buffer) => {
      // A loaded server logs a line per failed delivery: keep the tail, and stop matching once
      // listening (rescanning megabytes of logs per chunk costs real CPU).
      output = (output + chunk.toString()).slice(-1_000_000);
      if (listening) return;
      // main.ts logs `{"url":"http://127.0.0.1:<port>/graphql","msg":"Hookrelay is listening"}`.
      const match = /"url":"(http:\/\/[^"]+)\/graphql"[^\n]*"msg":"Hookrelay is listening"/.exec(output);
      if (match?.[1]) {
        listening = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Hookrelay exited with ${code} before listening:\n${output}`));
    });
  });
  const pid = child.pid as number;
  return {
    url,
    pid,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
    async peakRss() {
      const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
      const kilobytes = status ? /VmHWM:\s+(\d+) kB/.exec(status)?.[1] : undefined;
      return kilobytes ? Number(kilobytes) * 1024 : null;
    },
    kill: (signal) => {
      child.kill(signal);
    },
    async stop(graceMs = 25_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
