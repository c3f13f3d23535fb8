import { expect, test } from "@playwright/test";
import { signInAs } from "./pages/app";
import { NasDetailPage, NasListPage } from "./pages/nas";

// The run starts a spare simulated router for this spec (see `run_e2e` in ./simpul).
const SIM_PORT = process.env.SIM_ROUTER_PORT ?? "18758";
const suffix = () => `${Date.now() % 100000}`;

test("an admin adds a NAS, tests it, and sees its identity, sessions and terminal", async ({ page }) => {
  await signInAs(page, "admin");
  const list = new NasListPage(page);
  await list.open();
  // The demo's routers are there from the seed.
  await expect(list.row("NAS Jakarta Pusat")).toBeVisible();

  await list.startNew();
  const name = `NAS Uji ${suffix()}`;
  await list.fill({ name, host: "http://127.0.0.1", port: SIM_PORT, user: "e2e", password: "salah" });
  await list.save();
  await expect(list.form).toContainText("Isi nama host atau alamat IP saja");

  // A wrong password: the router's own words come back.
  await list.fill({ host: "127.0.0.1" });
  await list.testConnection();
  await expect(list.testResult().getByRole("alert")).toContainText("invalid user name or password (6)");

  await list.fill({ password: "e2e-router-pass" });
  await list.testConnection();
  await expect(list.testResult()).toContainText("Terhubung");
  await expect(list.testResult().getByTestId("fact-identity")).toHaveText("nas-uji-e2e");
  await list.save();
  await expect(list.form).toBeHidden();
  const row = list.row(name);
  await expect(row).toContainText(`127.0.0.1:${SIM_PORT}`);

  await row.getByRole("link", { name }).click();
  await page.waitForURL(/\/network\/nas\/\d+$/);
  const detail = new NasDetailPage(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(detail.facts().getByTestId("fact-identity")).toHaveText("nas-uji-e2e");
  // The simulated router brings its enabled customers online; the page refreshes itself.
  await expect(detail.sessions()).toContainText("warung-sari-4", { timeout: 20_000 });

  // The terminal reads but never writes.
  await detail.run("/ppp/secret/add name=x");
  await expect(detail.terminal()).toContainText("hanya perintah print");
  await detail.run("/ppp/secret/print ?disabled=false =.proplist=name,profile,password");
  const output = detail.terminal().getByTestId("terminal-output");
  await expect(output).toContainText("kos-melati-01-4");
  await expect(output).not.toContainText("kos-melati-01-pw");
});

test("an agent sees routers but cannot add one or use the terminal", async ({ page }) => {
  await signInAs(page, "agent1");
  const list = new NasListPage(page);
  await list.open();
  await expect(list.row("NAS Jakarta Pusat")).toBeVisible();
  await expect(page.getByRole("button", { name: "Tambah router" })).toHaveCount(0);
  await list.row("NAS Jakarta Pusat").getByRole("link").click();
  await page.waitForURL(/\/network\/nas\/\d+$/);
  await expect(new NasDetailPage(page).facts().getByTestId("fact-identity")).toHaveText("nas-jakarta-pusat");
  await expect(page.getByTestId("terminal")).toHaveCount(0);
});
