import { expect, test } from "@playwright/test";
import { signInAs, waitForHydration } from "./pages/app";
import { CmdbPage } from "./pages/cmdb";
import { MapPage } from "./pages/map";

const suffix = () => `${Date.now() % 100000}`;

test("the map shows ODP occupancy colours, and a supervisor moves an ODP by dragging it", async ({ page }) => {
  await signInAs(page, "supervisor");
  const cmdb = new CmdbPage(page);
  // A new 8-port ODP east of Bekasi, typed coordinates; six ports broken is 75 %.
  const code = `ODP-MAP-${suffix()}`;
  await cmdb.create({ classLabel: "ODP", code, name: "ODP peta uji", attributes: { "Kapasitas port": "8" } });
  const id = /\/network\/cis\/(\d+)$/.exec(page.url())![1];
  await page.getByRole("link", { name: "Ubah" }).click();
  await waitForHydration(page);
  await page.getByLabel("Lintang").fill("-6.2301");
  await page.getByLabel("Bujur").fill("107.0102");
  await page.getByRole("button", { name: "Simpan" }).click();
  await page.waitForURL(/\/network\/cis\/\d+$/);
  await expect(page.getByText("-6.230100, 107.010200")).toBeVisible();
  for (const port of [1, 2, 3, 4, 5, 6]) {
    await cmdb.port(port).getByRole("button", { name: `Tandai rusak port ${port}` }).click();
    await expect(cmdb.port(port)).toHaveAttribute("data-state", "broken");
  }

  const map = new MapPage(page);
  await map.open();
  // The demo's ODPs have room; the new one is yellow, and the legend counts it.
  await expect(map.pins("odps", "green").first()).toBeVisible();
  await expect(map.pin(id)).toHaveAttribute("data-state", "yellow");
  await expect(map.count("odps", "yellow")).not.toHaveText("0");
  await expect(map.pins("premises").first()).toBeAttached();
  await map.pin(id).click();
  await expect(map.popup()).toContainText(code);
  await expect(map.popup()).toContainText("6/8 port terpakai");

  // Two more broken ports: full, red.
  await cmdb.open(code);
  for (const port of [7, 8]) {
    await cmdb.port(port).getByRole("button", { name: `Tandai rusak port ${port}` }).click();
    await expect(cmdb.port(port)).toHaveAttribute("data-state", "broken");
  }
  // No port left to place a line on.
  await expect(page.getByTestId("port-assign-full")).toBeVisible();
  await map.open();
  await expect(map.pin(id)).toHaveAttribute("data-state", "red");

  // Dragged down and to the right: saved (audited, see db_cmdb_map), and the CI page
  // shows the new place.
  await map.drag(map.pin(id), 80, 60);
  await expect(page.getByText("Posisi disimpan.")).toBeVisible();
  await cmdb.open(code);
  await expect(page.getByText(/^-6\.\d+, 10[67]\.\d+$/)).toBeVisible();
  await expect(page.getByText("-6.230100, 107.010200")).toHaveCount(0);
});

test("layers and one router narrow the map; an agent cannot drag", async ({ page }) => {
  await signInAs(page, "agent1");
  const map = new MapPage(page);
  await map.open();
  await expect(map.pins("olts")).toHaveCount(3);
  await expect(map.canvas().locator(".leaflet-marker-draggable")).toHaveCount(0);
  await map.layer("premises").uncheck();
  await page.waitForURL(/layers=/);
  await expect(map.pins("premises")).toHaveCount(0);
  await expect(map.pins("odps").first()).toBeVisible();
  await page.getByTestId("map-router").selectOption({ label: "NAS Bekasi" });
  await page.waitForURL(/nas=\d+/);
  await expect(map.pins("olts")).toHaveCount(1);
  await map.pins("olts").first().click();
  await expect(map.popup()).toContainText("OLT-BKS-01");
});
