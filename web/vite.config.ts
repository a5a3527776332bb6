import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run -w web dev` serves the UI on :5173 and forwards /api to a running server
// (`npm start`, default :3000; override with API_TARGET=http://host:port).
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': { target: process.env.API_TARGET ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    chunkSizeWarningLimit: 1500,
  },
});
