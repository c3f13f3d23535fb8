import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./app";

/** The first day of next month in Jakarta, as YYYY-MM-DD: the next postpaid billing day. */
export function nextBillingDay(): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta", year: "numeric", month: "2-digit" })
    .formatToParts(new Date());
  const year = Number(parts.find((p) => p.type === "year")!.value);
  const month = Number(parts.find((p) => p.type === "month")!.value);
  const [y, m] = month === 12 ? [year + 1, 1] : [year, month + 1];
  return `${y}-${String(m).padStart(2, "0")}-01`;
}

/** "Rp 1.250.000" → "1.250.000" (what finance types). */
export function rupiahDigits(text: string): string {
  return text.replace(/[^0-9.]/g, "");
}

/** `/billing/runs`: preview a billing date, read the batch it left, issue it. */
export class RunsPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/billing/runs");
    await waitForHydration(this.page);
  }

  async preview(date: string) {
    const form = this.page.getByTestId("start-run");
    await form.getByLabel("Tanggal tagih").fill(date);
    await form.getByRole("button", { name: "Buat pratinjau" }).click();
  }

  /** The newest run for `date`. */
  run(date: string): Locator {
    return this.page.getByTestId("run-table").locator("tbody tr").filter({ hasText: date }).first();
  }
}

/** The billing panel of a customer page. */
export class BillingPanel {
  constructor(private readonly page: Page) {}

  panel(): Locator {
    return this.page.getByTestId("billing-panel");
  }

  balance(): Locator {
    return this.page.getByTestId("billing-balance");
  }

  async recordPayment(amount: string, reference: string) {
    const form = this.page.getByTestId("payment-form");
    await form.getByLabel("Cara bayar").selectOption({ label: "Transfer bank" });
    await form.getByLabel("Jumlah (Rp)").fill(amount);
    await form.getByLabel("Referensi").fill(reference);
    await form.getByRole("button", { name: "Catat pembayaran" }).click();
  }

  payments(): Locator {
    return this.page.getByTestId("payment-table");
  }

  /** Attaches a proof to the newest payment (the first row of the table). */
  async attachProofToNewest(name: string, bytes: Buffer, mimeType: string) {
    const row = this.payments().locator("tbody tr").first();
    await row.getByText("Lampirkan bukti", { exact: true }).first().click();
    await row.getByLabel("Lampirkan bukti").setInputFiles({ name, mimeType, buffer: bytes });
  }
}
