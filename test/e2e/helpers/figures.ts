import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ARTIFACTS } from './portal.ts';

const FIGURES = path.join(ARTIFACTS, 'portal-figures.json');
const LOCK = `${FIGURES}.lock`;
/** A lock older than this was left by a run that died holding it. */
const STALE_LOCK_MS = 10_000;

/**
 * Merges a test file's figures into test/artifacts/portal-figures.json. The portal's files run in
 * parallel and each measures its own figures, so the read-merge-write runs under a lock (mkdir
 * either creates the directory or fails: atomic) and the file is replaced by a rename.
 */
export async function recordFigures(figures: Record<string, unknown>): Promise<void> {
  if (Object.keys(figures).length === 0) return;
  await mkdir(ARTIFACTS, { recursive: true });
  await acquireLock();
  try {
    const previous = await readFile(FIGURES, 'utf8').then((text) => JSON.parse(text) as Record<string, unknown>, () => ({}));
    const next = `${FIGURES}.${process.pid}.tmp`;
    await writeFile(next, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`);
    await rename(next, FIGURES);
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

async function acquireLock(): Promise<void> {
  for (;;) {
    try {
      return await mkdir(LOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const since = await stat(LOCK).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (since > STALE_LOCK_MS) await rm(LOCK, { recursive: true, force: true });
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
