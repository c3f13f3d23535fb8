import { expect, test } from "@playwright/test";
import { signInAs, waitForHydration } from "./pages/app";
import { PortalPayment, whatsappTo, YohanaAtFinance } from "./pages/payments";

// Yohana's line is isolated for an unpaid invoice; she pays online through each gateway's
// simulator and her line comes back by itself. The simulator runs beside the server
// (./simpul test starts it on the demo routers' base port + 40).
test.describe.configure({ mode: "serial" });

test("an isolated customer pays everything through Midtrans Snap and her line comes back", async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  await new YohanaAtFinance(page).ensureIsolated();

  await signInAs(page, "yohana", "/portal/login");
  const portal = new PortalPayment(page);
  await portal.payEverything();
  await page.getByTestId("pay-midtrans").getByRole("button", { name: "Bayar lewat Midtrans" }).click();
  // Snap (simulated) is another site: choose QRIS and pay there.
  await page.waitForURL(/\/snap\/v4\/redirection\//);
  await page.getByRole("button", { name: "Bayar dengan QRIS" }).click();
  // Snap sends her back to Simpul, which has heard from Midtrans by then or asks it.
  await portal.expectPaid();
  const receipt = (await page.getByTestId("payment-receipt").innerText()).trim();
  await portal.expectLineActive("yohana");
  // Her receipt reaches her on WhatsApp (the simulated Fonnte gateway records it).
  await expect
    .poll(async () => (await whatsappTo(request, "yohana")).some((m) => m.message.includes(receipt)), {
      timeout: 30_000,
    })
    .toBe(true);
  // The message carries a signed link to the receipt's PDF, which opens without signing in
  // (the request fixture has no session).
  const message = (await whatsappTo(request, "yohana")).find((m) => m.message.includes(receipt));
  const link = message?.message.match(/https?:\/\/\S+\/documents\/receipts\/\d+\/pdf\?\S+/)?.[0];
  expect(link, message?.message).toBeTruthy();
  const pdf = await request.get(link!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
});

test("an isolated customer pays by QRIS through Tripay, with the QR code drawn by Simpul", async ({ page }) => {
  test.setTimeout(150_000);
  await new YohanaAtFinance(page).ensureIsolated();

  await signInAs(page, "yohana", "/portal/login");
  const portal = new PortalPayment(page);
  await portal.payEverything();
  const tripay = page.getByTestId("pay-tripay");
  await expect(tripay).toContainText("Total dibayar");
  await tripay.getByRole("button", { name: /^Bayar QRIS/ }).click();
  await page.waitForURL(/\/portal\/payments\/\d+$/);
  await waitForHydration(page);
  await expect(portal.status()).toHaveText("Menunggu pembayaran");
  await expect(page.getByTestId("payment-qr").locator("svg")).toBeVisible();
  // Her banking app pays the QR: in the simulator, the checkout page's button.
  await page.getByRole("link", { name: "Buka halaman pembayaran Tripay" }).click();
  await page.waitForURL(/\/tripay\/checkout\//);
  await page.getByRole("button", { name: "Bayar" }).click();
  await portal.expectPaid();
  await portal.expectLineActive("yohana");
});

test("finance sees both gateway payments on the reconciliation screen", async ({ page }) => {
  await signInAs(page, "finance");
  await page.goto("/billing/reconciliation");
  await waitForHydration(page);
  const rows = page.getByTestId("recon-rows").locator("tbody tr");
  await expect(rows.filter({ hasText: "Midtrans" }).filter({ hasText: "KW/" }).first()).toBeVisible();
  await expect(rows.filter({ hasText: "Tripay" }).filter({ hasText: "KW/" }).first()).toBeVisible();
  await expect(page.getByTestId("recon-totals")).toContainText("Midtrans");
});
