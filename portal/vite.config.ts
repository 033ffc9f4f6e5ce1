import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes each text file's .br and .gz beside it, at the highest levels: Hookrelay serves them as
 * they are, so its start costs no compression (brotli at level 11 took a third of a second).
 */
function precompress(): Plugin {
  return {
    name: 'hookrelay-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg)$/.test(fileName) || !options.dir) continue;
        const file = path.join(options.dir, fileName);
        const body = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

/**
 * The tenant portal, served by Hookrelay at /portal from portal/dist (src/server/portal.ts).
 * `npm run portal:build`. Root is this folder whichever directory the build starts from.
 */
export default defineConfig({
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  base: '/portal/',
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false }), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // The page's CSP is script-src 'self': the polyfill would be an inline script.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs into scripts; the CSP allows data: images only.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
});
