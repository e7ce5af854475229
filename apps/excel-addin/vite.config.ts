// Two pages: the task pane Excel loads, and the strict test host that stands in for Excel here.
// Served under /addin/ by the sync service; Office.js itself is never bundled (see taskpane.html).
import react from "@vitejs/plugin-react";
import { resolve } from "node:path";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/addin/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      input: {
        taskpane: resolve(import.meta.dirname, "taskpane.html"),
        "test-host": resolve(import.meta.dirname, "test-host.html"),
        start: resolve(import.meta.dirname, "start.html"),
      },
    },
  },
});
