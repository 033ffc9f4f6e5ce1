import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm start` runs this first: a clone that skipped the install's build (npm install
 * --ignore-scripts, or a build folder removed) gets its portal built once, instead of a /portal
 * that answers 503. HOOKRELAY_PORTAL_DIR pointing elsewhere means the operator brings the build.
 */
const index = fileURLToPath(new URL('../portal/dist/index.html', import.meta.url));
if (!process.env.HOOKRELAY_PORTAL_DIR && !existsSync(index)) {
  console.log('The portal is not built yet: building it once (npm run portal:build).');
  const build = spawnSync('npm', ['run', 'portal:build'], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('Building the portal failed (output above); Hookrelay starts anyway and /portal answers 503 until it is built.');
  }
}
