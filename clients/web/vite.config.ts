/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// No React plugin: esbuild compiles JSX with the automatic runtime. The dev server proxies the API to nginx
// (`make run`), so `npm run dev` works against the running system, and serves the linked @rman/api sources.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  server: { proxy: { "/api": process.env.API_ORIGIN ?? "http://localhost:8080" }, fs: { allow: [".", "../shared"] } },
  // Component and client tests (`npm test`): jsdom, a fake fetch, the setup file fills in what jsdom lacks for Mantine.
  test: { environment: "jsdom", setupFiles: ["src/test/setup.ts"], css: false, testTimeout: 30_000 },
  build: {
    outDir: "dist",
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // Mantine marks its modules "use client" for React Server Components; irrelevant in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
