import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The build goes to ui/dist, which is committed and embedded in the Go
// binary (ui/embed.go). Hashed file names let the server cache assets for
// a long time; index.html is served fresh.
export default defineConfig({
  plugins: [svelte()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    modulePreload: { polyfill: false },
    // the Svelte compiler is the slow part, and that is fine: no timing report
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    proxy: {
      '/api': { target: process.env.BANCADA_URL || 'http://127.0.0.1:8090', changeOrigin: true },
      '/os/': { target: process.env.BANCADA_URL || 'http://127.0.0.1:8090', changeOrigin: true },
    },
  },
});
