import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./app";

/** `/network/cis`: the CMDB list, a CI's page and the CI form. Labels are Indonesian. */
export class CmdbPage {
  constructor(private readonly page: Page) {}

  async search(text: string) {
    await this.page.goto(`/network/cis?q=${encodeURIComponent(text)}`);
    await waitForHydration(this.page);
  }

  row(code: string): Locator {
    return this.page.getByTestId("ci-table").locator(`tr[data-ci="${code}"]`);
  }

  /** Opens the CI with this code from the list. */
  async open(code: string) {
    await this.search(code);
    await this.row(code).getByRole("link", { name: code }).click();
    await this.page.waitForURL(/\/network\/cis\/\d+$/);
    await waitForHydration(this.page);
    await expect(this.page.getByRole("heading", { level: 1 })).toContainText(code);
  }

  impact(): Locator {
    return this.page.getByTestId("ci-impact");
  }

  path(): Locator {
    return this.page.getByTestId("ci-path");
  }

  relations(): Locator {
    return this.page.getByTestId("ci-relations");
  }

  /** Creates a CI through the form; lands on its page. */
  async create(values: { classLabel: string; code: string; name: string; attributes?: Record<string, string> }) {
    await this.page.goto("/network/cis/new");
    await waitForHydration(this.page);
    const form = this.page.getByTestId("ci-form");
    await form.getByLabel("Kelas").selectOption({ label: values.classLabel });
    await form.getByLabel("Kode").fill(values.code);
    await form.getByLabel("Nama", { exact: true }).fill(values.name);
    for (const [label, value] of Object.entries(values.attributes ?? {})) {
      const field = form.getByLabel(label);
      if ((await field.evaluate((el) => el.tagName)) === "SELECT") {
        await field.selectOption(value);
      } else {
        await field.fill(value);
      }
    }
    await form.getByRole("button", { name: "Simpan" }).click();
    await this.page.waitForURL(/\/network\/cis\/\d+$/);
    await expect(this.page.getByRole("heading", { level: 1 })).toContainText(values.code);
  }

  /** Adds a relation from this CI's page: `kind` is the option's text ("CI ini diumpan oleh …"). */
  async relate(kind: string, other: string, fromPort = "") {
    const form = this.page.getByTestId("relation-form");
    await form.getByLabel("Hubungan").selectOption({ label: kind });
    await form.getByRole("searchbox", { name: "CI lain" }).fill(other);
    const pick = form.getByRole("combobox", { name: "CI lain" });
    await expect(pick).toContainText(other);
    await pick.selectOption({ label: await pick.locator("option", { hasText: other }).first().innerText() });
    if (fromPort) await form.getByLabel("Port di sisi pengumpan").fill(fromPort);
    await form.getByRole("button", { name: "Tambah hubungan" }).click();
  }

  ports(): Locator {
    return this.page.getByTestId("ci-ports");
  }

  port(n: number | string): Locator {
    return this.ports().locator(`li[data-port="${n}"]`);
  }

  /** Places a line (username or LINE code) on a port of this ODP. */
  async placeLine(port: number | string, line: string) {
    const form = this.page.getByTestId("port-assign-form");
    await form.getByLabel("Port", { exact: true }).selectOption(String(port));
    await form.getByLabel("Saluran (username atau kode LINE-…)").fill(line);
    await form.getByRole("button", { name: "Pasang" }).click();
  }

  /** Opens the graph of the CI with this code, from its page. */
  async openGraph(code: string) {
    await this.open(code);
    await this.page.getByTestId("ci-graph-link").click();
    await this.page.waitForURL(/\/network\/cis\/\d+\/graph/);
    await waitForHydration(this.page);
    await expect(this.graph().locator("svg.graph")).toBeVisible();
  }

  graph(): Locator {
    return this.page.getByTestId("ci-graph");
  }

  /** A CI's box in the graph. */
  graphCi(code: string): Locator {
    return this.graph().locator(`g[data-ci="${code}"]`);
  }

  /** A collapsed "×N" box of one class. */
  graphGroup(cls: string): Locator {
    return this.graph().locator(`g[data-group="${cls}"]`);
  }
}
