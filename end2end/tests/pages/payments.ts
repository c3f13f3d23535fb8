import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { signInAs, waitForHydration } from "./app";
import { RunsPage } from "./billing";

/** Today in Jakarta as YYYY-MM-DD. */
export function jakartaToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());
}

/** Finance's view of Yohana: her customer page and its billing panel. */
export class YohanaAtFinance {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/customers?q=Yohana");
    await waitForHydration(this.page);
    await this.page.getByTestId("customer-table").getByRole("link", { name: /Yohana/ }).first().click();
    await this.page.waitForURL(/\/customers\/\d+$/);
    await waitForHydration(this.page);
  }

  lineStatus() {
    return this.page.getByTestId("subscription-table").locator("[data-status]").first();
  }

  /**
   * Makes sure Yohana's line is isolated for an unpaid invoice, whatever earlier specs did:
   * when she has paid, finance reverses her newest payment (as after a bounced transfer or
   * a refund) and runs today's billing, whose collections pass isolates her again.
   */
  async ensureIsolated() {
    await signInAs(this.page, "finance");
    await this.open();
    if ((await this.lineStatus().getAttribute("data-status")) !== "isolated") {
      await this.isolateAgain();
    }
    await this.page.getByTestId("sign-out").click();
    await this.page.waitForURL(/\/login$/);
  }

  private async isolateAgain() {
    const live = this.page
      .getByTestId("payment-table")
      .locator("tbody tr")
      .filter({ has: this.page.getByRole("button", { name: "Batalkan" }) })
      .first();
    const receipt = await live.getAttribute("data-receipt");
    const row = this.page.getByTestId("payment-table").locator(`tr[data-receipt="${receipt}"]`);
    // A click that lands while the panel re-renders is lost; try again until the row says
    // the payment is reversed (the balance line alone shows either way).
    await expect(async () => {
      const button = row.getByRole("button", { name: "Batalkan" });
      if (await button.isVisible()) {
        this.page.once("dialog", (dialog) => dialog.accept("Dana dikembalikan (uji e2e)"));
        await button.click();
      }
      await expect(row).toContainText("Dibatalkan", { timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
    const runs = new RunsPage(this.page);
    await runs.open();
    await runs.preview(jakartaToday());
    await expect(async () => {
      await this.open();
      await expect(this.lineStatus()).toHaveAttribute("data-status", "isolated", { timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
  }
}

/** The customer's side: pay from the portal and watch the attempt page. */
export class PortalPayment {
  constructor(private readonly page: Page) {}

  async payEverything() {
    await this.page.goto("/portal/invoices");
    await waitForHydration(this.page);
    await this.page.getByRole("link", { name: "Bayar semua tagihan" }).click();
    await this.page.waitForURL(/\/portal\/pay$/);
    await waitForHydration(this.page);
    await expect(this.page.getByTestId("pay-amount")).toContainText("Rp");
  }

  status() {
    return this.page.getByTestId("payment-status");
  }

  /** Waits on Simpul's attempt page until the payment is in (the page refreshes itself). */
  async expectPaid() {
    await this.page.waitForURL(/\/portal\/payments\/\d+/);
    await expect(this.page.getByTestId("payment-done")).toBeVisible({ timeout: 30_000 });
    await expect(this.page.getByTestId("payment-receipt")).toContainText("KW/");
  }

  async expectLineActive(username: string) {
    await this.page.goto("/portal/home");
    await waitForHydration(this.page);
    await expect(this.page.locator(`[data-line="${username}"] [data-status]`)).toHaveAttribute("data-status", "active");
  }
}

/** The message simulator that `./simpul test` starts beside the server. */
const notifyUrl = process.env.SIM_NOTIFY_URL ?? "http://127.0.0.1:18778";

export interface WhatsAppMessage {
  target: string;
  message: string;
}

/** Demo customers' phone numbers, as the gateway receives them (62…). */
const PHONES: Record<string, string> = { yohana: "6281148000005" };

/** The WhatsApp messages the simulated gateway received for a demo customer. */
export async function whatsappTo(request: APIRequestContext, customer: string): Promise<WhatsAppMessage[]> {
  const response = await request.get(`${notifyUrl}/_sim/whatsapp`);
  expect(response.ok()).toBe(true);
  const all = (await response.json()) as WhatsAppMessage[];
  return all.filter((m) => m.target === PHONES[customer]);
}
