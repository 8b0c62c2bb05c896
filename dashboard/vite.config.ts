import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` serves the app on :5173 and sends /v1 to the local API gateway, so the app talks
// to one origin in development as it does when the gateway serves the built files.
const api = process.env.TRACKLAYER_API_URL ?? "http://127.0.0.1:8081";

export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/v1": { target: api, changeOrigin: true } } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // no source maps in the jar: they would double its size for no user
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
});
