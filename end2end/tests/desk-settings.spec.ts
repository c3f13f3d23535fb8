import { expect, test } from "@playwright/test";
import { signInAs, waitForHydration } from "./pages/app";

test("an admin edits the priority matrix and cannot save one that contradicts itself", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/desk");
  await waitForHydration(page);
  const matrix = page.getByTestId("priority-matrix");
  // Low impact × low urgency as "critical" would rank trivia above outages: refused.
  await matrix.locator("#cell-3-3").selectOption("1");
  await page.getByRole("button", { name: "Simpan matriks" }).click();
  await expect(page.getByText("Dampak atau urgensi yang lebih rendah tidak boleh menghasilkan prioritas yang lebih tinggi.")).toBeVisible();
  await matrix.locator("#cell-3-3").selectOption("5");
  await page.getByRole("button", { name: "Simpan matriks" }).click();
  await expect(page.getByText("Tersimpan.").first()).toBeVisible();

  await page.getByLabel("Jam").fill("0");
  await page.getByRole("button", { name: "Simpan", exact: true }).click();
  await expect(page.getByText("Antara 1 jam dan 8760 jam (1 tahun).")).toBeVisible();
});
