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
