import { expect, test } from "@playwright/test";
import { signInAs, waitForHydration } from "./pages/app";
import { BillingPanel, nextBillingDay, rupiahDigits, RunsPage } from "./pages/billing";

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
  await expect(page.getByTestId("invoice-table").locator("tbody tr")).toHaveCount(Number(summary.split(" ")[0]));
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
});
