import { expect, test } from "@playwright/test";
import { signInAs, waitForHydration } from "./pages/app";
import { NewTicketPage, TicketPage } from "./pages/tickets";
import { BEKASI_OLT_LINES } from "./pages/demo";

test("a supervisor links an incident to the Bekasi OLT and attaches its customers; resolving it answers their reports", async ({ page, browser }) => {
  await signInAs(page, "supervisor");
  const form = new NewTicketPage(page);
  await form.open();
  await form.fill({ title: `OLT Bekasi mati ${Date.now() % 100000}`, impact: "1", urgency: "1" });
  await form.submit();
  const ticket = new TicketPage(page);
  const outage = page.getByTestId("outage-panel");
  await outage.getByLabel("Tautkan ke CI (kode)").fill("OLT-TIDAK-ADA");
  await outage.getByRole("button", { name: "Tautkan CI" }).click();
  await expect(outage).toContainText("Tidak ada CI dengan kode itu.");
  await outage.getByLabel("Tautkan ke CI (kode)").fill("olt-bks-01");
  await outage.getByRole("button", { name: "Tautkan CI" }).click();
  await expect(outage.getByTestId("outage-ci")).toContainText("OLT-BKS-01");
  // Siti, Yohana and the Bekasi households hang off the Bekasi OLT.
  await expect(outage.getByTestId("outage-affected")).toHaveText(String(BEKASI_OLT_LINES));
  await outage.getByTestId("outage-attach").click();
  await expect(outage.getByTestId("outage-attached")).toHaveText(String(BEKASI_OLT_LINES));
  await ticket.comment("public", "Kabel feeder OLT Bekasi putus, tim sedang menyambung.");

  // Siti sees the outage on the fault page, and reports anyway: her report joins it.
  const customer = await browser.newContext();
  const portal = await customer.newPage();
  await signInAs(portal, "siti", "/portal/login");
  await portal.goto("/portal/report");
  await waitForHydration(portal);
  const banner = portal.getByTestId("outage-banner");
  await expect(banner).toContainText("Gangguan di area Anda sedang ditangani");
  await expect(banner).toContainText("Kabel feeder OLT Bekasi putus");
  await portal.getByLabel("Internet mati sama sekali").check();
  await portal.getByRole("button", { name: "Kirim laporan" }).click();
  await portal.waitForURL(/\/portal\/tickets\/\d+$/);
  const number = (await portal.getByTestId("portal-ticket-heading").textContent())!.split(" · ")[0];
  await page.reload();
  await waitForHydration(page);
  await expect(outage.getByTestId("outage-children")).toContainText(number);

  // The outage is resolved: Siti's report is resolved with the same words.
  await ticket.move("resolved", "Kabel feeder sudah disambung, layanan normal kembali.");
  await expect(page.locator('button[data-move="resolved"]')).toHaveCount(0);
  await portal.reload();
  await expect(portal.getByTestId("resolution")).toContainText("Kabel feeder sudah disambung");
  await portal.goto("/portal/report");
  await expect(portal.getByTestId("outage-banner")).toHaveCount(0);
  await customer.close();
});
