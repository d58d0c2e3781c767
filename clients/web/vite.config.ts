import { defineConfig } from "vite";

// No React plugin: esbuild compiles JSX with the automatic runtime. The dev server proxies the API to nginx
// (`make run`), so `npm run dev` works against the running system.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  server: { proxy: { "/api": process.env.API_ORIGIN ?? "http://localhost:8080" } },
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
