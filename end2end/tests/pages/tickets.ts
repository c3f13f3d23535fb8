import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./app";

/** The new-ticket form (Indonesian labels, the default language). */
export class NewTicketPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/tickets/new");
    await waitForHydration(this.page);
  }

  async fill(opts: { title: string; description?: string; impact: string; urgency: string; assignee?: string }) {
    await this.page.getByLabel("Judul").fill(opts.title);
    if (opts.description) await this.page.getByLabel("Uraian").fill(opts.description);
    await this.page.getByLabel("Dampak").selectOption(opts.impact);
    await this.page.getByLabel("Urgensi").selectOption(opts.urgency);
    if (opts.assignee) await this.page.getByLabel("Petugas").selectOption({ label: opts.assignee });
  }

  priorityPreview() {
    return this.page.getByTestId("priority-preview");
  }

  async submit() {
    await this.page.getByRole("button", { name: "Buat tiket" }).click();
    await this.page.waitForURL(/\/tickets\/\d+$/);
    await waitForHydration(this.page);
  }
}

export class BoardPage {
  constructor(private readonly page: Page) {}

  async open() {
    // A NOC screen: every lane in view, so a drag never has to scroll the board sideways
    // while the mouse button is down (Chromium drops such drags).
    await this.page.setViewportSize({ width: 2200, height: 1000 });
    await this.page.goto("/tickets/board");
    await waitForHydration(this.page);
  }

  lane(status: string): Locator {
    return this.page.locator(`section.lane[data-status="${status}"]`);
  }

  card(title: string): Locator {
    return this.page.locator(".ticket-card", { hasText: title });
  }

  async drag(title: string, status: string) {
    await this.card(title).dragTo(this.lane(status));
  }

  refusal() {
    return this.page.getByTestId("move-refused");
  }
}

export class TicketPage {
  constructor(private readonly page: Page) {}

  number() {
    return this.page.getByTestId("ticket-number");
  }

  header() {
    return this.page.locator(".ticket-header");
  }

  timeline() {
    return this.page.getByTestId("timeline");
  }

  async comment(kind: "internal" | "public", text: string) {
    await this.page.getByRole("radio", { name: kind === "internal" ? "Catatan internal" : "Balasan ke pelanggan" }).check();
    await this.page.locator("#comment-body").fill(text);
    await this.page
      .getByRole("button", { name: kind === "internal" ? "Simpan catatan" : "Kirim balasan" })
      .click();
    await expect(this.timeline()).toContainText(text);
  }

  async move(statusCode: string, note?: string) {
    if (note) await this.page.locator("#status-note").fill(note);
    await this.page.locator(`button[data-move="${statusCode}"]`).click();
  }

  slaState(metric: "response" | "resolution") {
    return this.page.getByTestId(`sla-${metric}`);
  }
}
