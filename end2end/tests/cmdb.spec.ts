import { expect, test } from "@playwright/test";
import { signInAs } from "./pages/app";
import { CmdbPage } from "./pages/cmdb";

const suffix = () => `${Date.now() % 100000}`;

test("a supervisor sees who fails with an ODP and the way up, then records a new ODP", async ({ page }) => {
  await signInAs(page, "supervisor");
  const cmdb = new CmdbPage(page);
  await cmdb.open("ODP-JKT-01");
  // Ahmad and Warung Made hang off this ODP; the business customer comes first.
  await expect(cmdb.impact().getByTestId("impact-customers")).toHaveText("2");
  await expect(cmdb.impact().getByTestId("impact-business")).toHaveText("1");
  await expect(cmdb.impact().locator("tbody tr").first()).toHaveAttribute("data-line", "made");
  for (const code of ["ODC-JKT-01", "OLT-JKT-01/PON-1", "OLT-JKT-01", "UPLINK-JKT-A"]) {
    await expect(cmdb.path()).toContainText(code);
  }

  const code = `ODP-JKT-E2E-${suffix()}`;
  await cmdb.create({ classLabel: "ODP", code, name: "ODP uji", attributes: { "Kapasitas port": "16" } });
  await cmdb.relate("CI ini diumpan oleh …", "ODC-JKT-01", "9");
  await expect(cmdb.relations().locator("tr", { hasText: "ODC-JKT-01" })).toContainText("9 →");
  // The ODC already feeds this ODP: feeding it back would loop.
  await cmdb.relate("CI ini mengumpan …", "ODC-JKT-01");
  await expect(page.getByTestId("relation-form")).toContainText("umpan berputar");
});

test("a backup uplink keeps everyone up; the Bekasi uplink has none", async ({ page }) => {
  await signInAs(page, "supervisor");
  const cmdb = new CmdbPage(page);
  await cmdb.open("UPLINK-JKT-A");
  await expect(cmdb.impact().getByTestId("impact-customers")).toHaveText("0");
  await expect(cmdb.impact().getByTestId("impact-kept-up")).not.toHaveText("0");
  await cmdb.open("UPLINK-BKS-A");
  await expect(cmdb.impact().getByTestId("impact-customers")).toHaveText("2");
});

test("an agent reads the CMDB but cannot change it", async ({ page }) => {
  await signInAs(page, "agent1");
  const cmdb = new CmdbPage(page);
  await cmdb.search("OLT");
  await expect(cmdb.row("OLT-BKS-01")).toBeVisible();
  await expect(page.getByRole("link", { name: "Tambah CI" })).toHaveCount(0);
  await cmdb.open("OLT-BKS-01");
  await expect(page.getByTestId("relation-form")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Ubah" })).toHaveCount(0);
});

test("a supervisor moves a line to a new ODP's port, records a broken port, and puts the line back", async ({ page }) => {
  await signInAs(page, "supervisor");
  const cmdb = new CmdbPage(page);
  await cmdb.open("ODP-JKT-01");
  const home = await cmdb.ports().locator("li", { hasText: "ahmad" }).getAttribute("data-port");
  expect(home).not.toBeNull();

  const code = `ODP-JKT-P${suffix()}`;
  await cmdb.create({ classLabel: "ODP", code, name: "ODP port uji", attributes: { "Kapasitas port": "8" } });
  await expect(page.getByTestId("ports-summary")).toHaveText("8 / 0 / 0");
  await cmdb.placeLine(3, "ahmad");
  await expect(cmdb.port(3)).toHaveAttribute("data-state", "used");
  await expect(cmdb.port(3)).toContainText("Ahmad");
  // A port in use cannot be marked broken; a free one can, and then takes no line.
  await cmdb.port(5).getByRole("button", { name: "Tandai rusak port 5" }).click();
  await expect(cmdb.port(5)).toHaveAttribute("data-state", "broken");
  await expect(page.getByTestId("ports-summary")).toHaveText("6 / 1 / 1");
  await expect(page.getByTestId("port-assign-form").locator('option[value="5"]')).toHaveCount(0);
  await cmdb.placeLine(4, "nobody-here");
  await expect(page.getByTestId("port-assign-form")).toContainText("Tidak ada saluran dengan username atau kode itu.");

  // Back home: the new ODP's port is free again.
  await cmdb.open("ODP-JKT-01");
  await cmdb.placeLine(home!, "ahmad");
  await expect(cmdb.port(home!)).toContainText("Ahmad");
  await cmdb.open(code);
  await expect(cmdb.port(3)).toHaveAttribute("data-state", "free");
});
