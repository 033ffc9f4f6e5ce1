import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * The tenant portal, served by Hookrelay at /portal from portal/dist (src/server/portal.ts).
 * `npm run portal:build`. Root is this folder whichever directory the build starts from.
 */
export default defineConfig({
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  base: '/portal/',
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
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
