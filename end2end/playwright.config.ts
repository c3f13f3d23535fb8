import { defineConfig } from "@playwright/test";

// The server is started by `./simpul test`, which passes its address in BASE_URL.
const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? "line" : "list",
  use: {
    baseURL,
    launchOptions: chromium,
    locale: "id-ID",
    timezoneId: "Asia/Jakarta",
    trace: "off",
  },
  projects: [
    { name: "hydrated", use: { javaScriptEnabled: true }, testIgnore: /portal-nojs\.spec\.ts/ },
    // The portal's public pages must work without WASM or JavaScript at all.
    { name: "no-javascript", use: { javaScriptEnabled: false }, testMatch: /portal-nojs\.spec\.ts/ },
  ],
});
