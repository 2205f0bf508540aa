import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// The server serves the console under /admin; `dotnet build` passes the output folder (ADMIN_OUT_DIR).
export default defineConfig({
  base: '/admin/',
  plugins: [vue()],
  build: {
    outDir: process.env.ADMIN_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:5080', '/sandbox': 'http://127.0.0.1:5080' },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.ts'],
  },
})
