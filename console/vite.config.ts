import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by Roster itself at `/` (same origin as the admin API), so the
// session cookie and CSRF header need no CORS. `npm run console:dev` proxies the API to a
// running Roster for hot reload.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // bench/console reads which files each screen loads.
    manifest: true,
    // Route chunks are split per screen; the first screen must stay small (aim: < 300 kB gzip).
    // The largest chunk is the sync log's chart library (~430 kB, ~120 kB gzip), loaded only there.
    chunkSizeWarningLimit: 500,
  },
  server: {
    proxy: {
      '/api': process.env.ROSTER_URL ?? 'http://127.0.0.1:8080',
      '/scim': process.env.ROSTER_URL ?? 'http://127.0.0.1:8080',
    },
  },
});
