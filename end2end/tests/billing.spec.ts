import { expect, test } from "@playwright/test";
import { signInAs, waitForHydration } from "./pages/app";
import { BillingPanel, nextBillingDay, rupiahDigits, RunsPage } from "./pages/billing";

const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC",
  "base64",
);

test("finance previews the next billing day, issues the batch, and a payment restores an isolated line", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, "finance");

  // The demo's months of billing: Yohana's invoice is overdue, listed with its age.
  await page.goto("/billing?view=overdue");
  await waitForHydration(page);
  const overdue = page.getByTestId("invoice-table").locator("tbody tr").filter({ hasText: "Yohana" }).first();
  await expect(overdue).toContainText("Jatuh tempo");
  await expect(overdue.locator("[data-status]")).toHaveAttribute("data-status", "issued");

  // A preview of the next billing day leaves a draft batch, one invoice per line.
  const runs = new RunsPage(page);
  await runs.open();
  const day = nextBillingDay();
  await runs.preview(day);
  const run = runs.run(day);
  await expect(run.getByTestId("batch-summary")).toContainText("draf", { timeout: 30_000 });
  const summary = await run.getByTestId("batch-summary").innerText();
  expect(Number(summary.split(" ")[0])).toBeGreaterThanOrEqual(5);
  // Finance looks at the batch before issuing it.
  await run.getByRole("link", { name: "Lihat" }).click();
  await page.waitForURL(/\/billing\?view=draft&run=\d+/);
  await waitForHydration(page);
  // One page of them (50 rows) when the batch is bigger, as the demo's few hundred are.
  await expect(page.getByTestId("invoice-table").locator("tbody tr")).toHaveCount(
    Math.min(Number(summary.split(" ")[0]), 50),
  );
  await runs.open();
  await runs.run(day).getByRole("button", { name: "Terbitkan" }).click();
  await expect(runs.run(day).getByTestId("batch-summary")).toHaveCount(0);

  // Yohana pays everything she owes by transfer: her line comes back at once.
  await page.goto("/customers?q=Yohana");
  await waitForHydration(page);
  await page.getByTestId("customer-table").getByRole("link", { name: /Yohana/ }).first().click();
  await page.waitForURL(/\/customers\/\d+$/);
  await waitForHydration(page);
  const billing = new BillingPanel(page);
  await expect(page.getByTestId("subscription-table").locator("[data-status]").first()).toHaveAttribute(
    "data-status",
    "isolated",
  );
  await expect(billing.balance()).toContainText("Saldo tagihan");
  const owed = rupiahDigits(await billing.balance().locator("strong").innerText());
  await billing.recordPayment(owed, "TRF BCA 0412");
  await expect(billing.payments().locator("tbody tr").first()).toContainText("KW/");
  await expect(billing.balance()).toContainText("Rp 0");
  // Finance keeps the transfer slip with the payment.
  await billing.attachProofToNewest("slip-bca.png", ONE_PIXEL_PNG, "image/png");
  const proof = billing.payments().locator("tbody tr").first().getByRole("link", { name: "Lihat bukti" });
  await expect(proof).toBeVisible();
  const slip = await page.request.get((await proof.getAttribute("href"))!);
  expect(slip.headers()["content-type"]).toBe("image/png");
  await expect(page.getByTestId("subscription-table").locator("[data-status]").first()).toHaveAttribute(
    "data-status",
    "active",
  );

  // Her newest invoice shows its PPN and is paid.
  await billing.panel().getByTestId("invoice-table").locator("tbody tr").first().getByRole("link").first().click();
  await page.waitForURL(/\/billing\/invoices\/\d+$/);
  await waitForHydration(page);
  await expect(page.getByTestId("invoice-lines")).toContainText("PPN");
  await expect(page.getByTestId("invoice-due")).toHaveText("Rp 0");

  // The same invoice as a document: the printable page opens in a new tab, stamped paid,
  // and the PDF is a PDF.
  const number = (await page.getByTestId("invoice-heading").innerText()).trim();
  const [sheet] = await Promise.all([page.waitForEvent("popup"), page.getByRole("link", { name: "Cetak" }).click()]);
  await expect(sheet.locator(".doc-number")).toHaveText(number);
  await expect(sheet.locator(".doc-stamp")).toHaveText("LUNAS");
  await sheet.close();
  const pdf = await page.request.get((await page.getByTestId("doc-pdf").getAttribute("href"))!);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
});

test("finance reads the overview: receivables by age, revenue by month, payments by channel", async ({ page }) => {
  await signInAs(page, "finance");
  await page.goto("/billing");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Ringkasan keuangan" }).click();
  await page.waitForURL(/\/billing\/overview$/);
  await waitForHydration(page);

  // Receivables by age: every band, and the figure is the table's total (other specs pay
  // the demo's debts, so the amount itself is whatever is left).
  const aging = page.getByTestId("aging-chart").locator("li");
  await expect(aging).toHaveCount(5);
  await expect(aging.first()).toContainText("Belum jatuh tempo");
  const total = page.getByTestId("aging-table").locator("tfoot td").last();
  await expect(page.getByTestId("figure-receivable")).toHaveText((await total.innerText()).trim());
  // Twelve months, two series each, every column with its exact figure as a tooltip; the
  // demo collected money last month.
  const columns = page.getByTestId("revenue-chart").locator("rect");
  await expect(columns).toHaveCount(24);
  const lastMonthCollected = columns.nth(21).locator("title");
  await expect(lastMonthCollected).toContainText("Diterima: Rp");
  await expect(lastMonthCollected).not.toHaveText(/: Rp 0$/);
  await expect(page.getByTestId("months-table").locator("tbody tr")).toHaveCount(12);

  // The demo's customers paid last month in cash and by transfer (the seed pays on the 6th of
  // each of its months, so the month before is never empty, whatever the time zone).
  const lastMonth = new Date();
  lastMonth.setDate(1);
  lastMonth.setMonth(lastMonth.getMonth() - 1);
  const value = `${lastMonth.getFullYear()}-${String(lastMonth.getMonth() + 1).padStart(2, "0")}`;
  await page.getByLabel("Bulan", { exact: true }).selectOption(value);
  await page.getByRole("button", { name: "Terapkan" }).click();
  await page.waitForURL(new RegExp(`month=${value}`));
  const channels = page.getByTestId("channel-chart").locator("li");
  await expect(channels.first()).toContainText(/Tunai|Transfer bank/);
  await expect(channels.first()).toContainText("pembayaran");
});
