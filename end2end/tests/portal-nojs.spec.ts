import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, LoginPage } from "./pages/app";

// Runs in the "no-javascript" project: no WASM, no JS, plain HTML forms only.

test("the portal landing page renders without JavaScript", async ({ page }) => {
  await page.goto("/portal");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Internet Anda, dalam genggaman");
  await page.getByRole("link", { name: "Masuk ke portal" }).first().click();
  await expect(page).toHaveURL(/\/portal\/login$/);
});

test("a customer signs in and out without JavaScript", async ({ page }) => {
  const login = new LoginPage(page, "/portal/login");
  await login.open();
  await login.signIn("siti", "wrong-password-1");
  await expect(login.error()).toContainText("Email/nama pengguna atau kata sandi salah.");
  await login.signIn("siti", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/portal\/home$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ringkasan akun");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/portal\/login$/);
  await page.goto("/portal/home");
  await expect(page).toHaveURL(/\/portal\/login\?next=/);
});

test("the language switch works without JavaScript", async ({ page }) => {
  await page.goto("/portal");
  await page.getByRole("button", { name: "EN", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your internet, in your hands");
  await page.getByRole("button", { name: "ID", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Internet Anda, dalam genggaman");
});

test("a customer sees their line and reports a fault without JavaScript, on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const login = new LoginPage(page, "/portal/login");
  await login.open();
  await login.signIn("budi", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/portal\/home$/);
  const card = page.locator(".line-card", { hasText: "budi" });
  await expect(card).toContainText("Rumah 20 Mbps");
  await expect(card).toContainText("Aktif");
  await card.getByRole("link", { name: "Laporkan gangguan" }).click();
  await expect(page).toHaveURL(/\/portal\/report\?line=\d+$/);
  // "Something else" needs words: the form comes back with the reason.
  await page.getByLabel("Lainnya").check();
  await page.getByRole("button", { name: "Kirim laporan" }).click();
  await expect(page.getByText("Ceritakan masalahnya.")).toBeVisible();
  await page.getByLabel("Putus-sambung").check();
  await page.getByLabel("Ceritakan masalahnya").fill("Putus tiap malam sekitar jam 8.");
  await page.getByRole("button", { name: "Kirim laporan" }).click();
  await expect(page).toHaveURL(/\/portal\/tickets\/\d+$/);
  await expect(page.getByTestId("portal-ticket-heading")).toContainText("Internet putus-sambung — budi");
  await page.getByLabel("Balasan Anda").fill("Modem sudah saya restart.");
  await page.getByRole("button", { name: "Kirim balasan" }).click();
  await expect(page.getByTestId("replies")).toContainText("Modem sudah saya restart.");
});

test("an isolated customer's browser lands on a plain isolir page", async ({ page }) => {
  await page.goto("/isolir");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Layanan internet Anda diisolir");
  await expect(page.getByTestId("isolir-notice")).toContainText("Selesaikan tagihan Anda");
  await expect(page.getByRole("link", { name: "Masuk ke portal pelanggan" })).toBeVisible();
});

test("a customer reads their invoices and receipts without JavaScript, on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const login = new LoginPage(page, "/portal/login");
  await login.open();
  await login.signIn("budi", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/portal\/home$/);
  await page.getByRole("link", { name: "Tagihan saya" }).first().click();
  await expect(page).toHaveURL(/\/portal\/invoices$/);
  // Budi paid half of one invoice: something is still due. (Finance may have issued next
  // month's invoices since, in the billing spec, so it need not be the newest.)
  await expect(page.getByTestId("portal-balance")).toContainText("Saldo tagihan");
  const latest = page.getByTestId("portal-invoices").locator("li").filter({ hasText: "Dibayar sebagian" }).first();
  await expect(latest).toBeVisible();
  await expect(page.getByTestId("portal-receipts")).toContainText("KW/");
  await latest.getByRole("link").click();
  await expect(page).toHaveURL(/\/portal\/invoices\/\d+$/);
  await expect(page.getByTestId("invoice-heading")).toContainText("INV/");
  await expect(page.getByTestId("invoice-lines")).toContainText("Rumah 20 Mbps");
  await expect(page.getByTestId("invoice-lines")).toContainText("PPN");
  // The same invoice as a PDF, and as a printable page with a QR code to pay what is left.
  const pdf = await page.request.get((await page.getByTestId("doc-pdf").getAttribute("href"))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  await page.goto((await page.getByRole("link", { name: "Cetak" }).getAttribute("href"))!);
  await expect(page.locator(".doc-title h1")).toHaveText("TAGIHAN");
  await expect(page.locator(".doc-qr svg")).toBeVisible();
  await expect(page.locator(".doc-lines")).toContainText("Rumah 20 Mbps");
});

test("a customer pays an invoice by virtual account without JavaScript", async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const login = new LoginPage(page, "/portal/login");
  await login.open();
  await login.signIn("budi", DEMO_PASSWORD);
  await page.goto("/portal/invoices");
  await page.getByTestId("portal-invoices").locator("li").filter({ hasText: "Dibayar sebagian" }).first().getByRole("link").click();
  await page.getByRole("link", { name: "Bayar", exact: true }).click();
  await expect(page).toHaveURL(/\/portal\/pay\?invoice=\d+$/);
  // The plain form posts, the server creates the Tripay transaction and redirects.
  await page.getByTestId("pay-tripay").getByRole("button", { name: /^Bayar BRI Virtual Account/ }).click();
  await expect(page).toHaveURL(/\/portal\/payments\/\d+$/);
  await expect(page.getByTestId("payment-status")).toHaveText("Menunggu pembayaran");
  await expect(page.getByTestId("payment-code")).toHaveText(/^\d{10,}$/);
  await page.getByRole("link", { name: "Buka halaman pembayaran Tripay" }).click();
  await page.getByRole("button", { name: "Bayar" }).click();
  // Back on Simpul's page, which refreshes itself (meta refresh) until the money is in.
  await expect(page.getByTestId("payment-done")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("payment-receipt")).toContainText("KW/");
});

test("a visitor checks coverage without JavaScript: near an ODP, far away, and a typo", async ({ page }) => {
  await page.goto("/portal");
  await page.getByRole("link", { name: "Cek jangkauan di lokasi Anda" }).click();
  await expect(page).toHaveURL(/\/portal\/coverage$/);
  const form = page.getByTestId("coverage-form");
  // About 60 m from ODP JKT 02, which has free ports.
  await form.getByLabel("Koordinat atau tautan peta").fill("-6.1760, 106.8511");
  await form.getByRole("button", { name: "Periksa" }).click();
  await expect(page.getByTestId("coverage-answer")).toHaveAttribute("data-covered", "true");
  await expect(page.getByTestId("coverage-answer")).toContainText("Terjangkau!");
  await expect(page.getByTestId("coverage-answer")).not.toContainText("ODP");

  await form.getByLabel("Koordinat atau tautan peta").fill("https://www.google.com/maps/@-7.7956,110.3695,15z");
  await form.getByRole("button", { name: "Periksa" }).click();
  await expect(page.getByTestId("coverage-answer")).toHaveAttribute("data-covered", "false");

  await form.getByLabel("Koordinat atau tautan peta").fill("Jl. Kemang Raya 5");
  await form.getByRole("button", { name: "Periksa" }).click();
  await expect(page.getByTestId("coverage-error")).toContainText("Tulis dua angka");
});
