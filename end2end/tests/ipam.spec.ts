import { expect, test } from "@playwright/test";
import { signInAs, waitForHydration } from "./pages/app";

test("an admin reads each router's pools and records prefixes; an overlap is listed until removed", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/network/ipam");
  await waitForHydration(page);
  const bekasi = page.getByTestId("ipam-router").filter({ hasText: "NAS Bekasi" });
  // The demo router's PPPoE pool, read from its /ip/pool, holds its customers' sessions.
  const pool = bekasi.locator('tr[data-pool="pool-pppoe"]');
  await expect(pool).toBeVisible();
  await expect(pool.locator("td[data-used]")).not.toHaveAttribute("data-used", "0");
  await expect(bekasi.getByTestId("ipam-held")).not.toHaveText(/^0 /);
  const ranges = await pool.locator("td").nth(1).innerText();
  const net = /^10\.(\d+)\./.exec(ranges.trim())![1];

  const form = page.getByTestId("ipam-prefix-form");
  await form.getByLabel("Router").selectOption({ label: "NAS Bekasi" });
  // A host address is refused with the network named.
  await form.getByLabel("Prefiks").fill(`10.${net}.1.7/22`);
  await form.getByRole("button", { name: "Catat prefiks" }).click();
  await expect(form).toContainText("bukan awal jaringannya");
  await form.getByLabel("Prefiks").fill(`10.${net}.0.0/16`);
  await form.getByLabel("Keterangan").fill("Pelanggan Bekasi");
  await form.getByRole("button", { name: "Catat prefiks" }).click();
  const whole = bekasi.locator(`tr[data-prefix="10.${net}.0.0/16"]`);
  await expect(whole).toBeVisible();
  await expect(whole.locator("td[data-size]")).toHaveAttribute("data-size", "65536");
  const conflicts = page.getByTestId("ipam-conflicts");
  await expect(conflicts.locator('li[data-conflict="prefixes-overlap"]')).toHaveCount(0);

  await form.getByLabel("Router").selectOption({ label: "NAS Bekasi" });
  await form.getByLabel("Prefiks").fill(`10.${net}.1.0/24`);
  await form.getByRole("button", { name: "Catat prefiks" }).click();
  await expect(conflicts.locator('li[data-conflict="prefixes-overlap"]')).toHaveCount(1);
  await bekasi.getByRole("button", { name: `Hapus prefiks 10.${net}.1.0/24` }).click();
  await expect(conflicts.locator('li[data-conflict="prefixes-overlap"]')).toHaveCount(0);
  await bekasi.getByRole("button", { name: `Hapus prefiks 10.${net}.0.0/16` }).click();
  await expect(whole).toHaveCount(0);
});

test("an agent reads IP addresses but records nothing", async ({ page }) => {
  await signInAs(page, "agent1");
  await page.goto("/network/ipam");
  await waitForHydration(page);
  await expect(page.getByTestId("ipam-router").first()).toBeVisible();
  await expect(page.getByTestId("ipam-prefix-form")).toHaveCount(0);
});
