import { expect, type Page } from "@playwright/test";
import { waitForHydration } from "./app";

/** The desk's work order screens (/field/orders). */
export class WorkOrdersPage {
  constructor(private readonly page: Page) {}

  async openList(query = "") {
    await this.page.goto(`/field/orders${query}`);
    await waitForHydration(this.page);
  }

  /** The list row of the order for `customer`. */
  row(customer: string) {
    return this.page.getByTestId("wo-table").locator("tbody tr", { hasText: customer });
  }

  async openFor(customer: string) {
    await this.row(customer).getByRole("link").first().click();
    await expect(this.page.getByTestId("wo-summary")).toContainText(customer);
    await waitForHydration(this.page);
  }

  state() {
    return this.page.locator(".page-header .wo-state");
  }

  schedule() {
    return this.page.getByTestId("wo-schedule");
  }

  history() {
    return this.page.getByTestId("wo-history");
  }

  /** Plans the open order for `technician` (the option's label) today from `from` to `until`. */
  async plan(technician: string, from: string, until: string) {
    const form = this.schedule();
    await form.getByLabel("Teknisi").selectOption({ label: technician });
    await form.getByLabel("Dari").fill(from);
    await form.getByLabel("Sampai").fill(until);
    await form.getByRole("button", { name: /Jadwalkan/ }).click();
  }
}
