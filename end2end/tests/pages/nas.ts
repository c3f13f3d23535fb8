import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./app";

/** `/network/nas`: the router list and its add/edit form. Labels are Indonesian. */
export class NasListPage {
  readonly form: Locator;
  readonly table: Locator;

  constructor(private readonly page: Page) {
    this.form = page.getByTestId("nas-form");
    this.table = page.getByTestId("nas-table");
  }

  async open() {
    await this.page.goto("/network/nas");
    await waitForHydration(this.page);
  }

  async startNew() {
    await this.page.getByRole("button", { name: "Tambah router" }).click();
    await expect(this.form).toBeVisible();
  }

  async fill(values: { name?: string; host?: string; port?: string; user?: string; password?: string }) {
    if (values.name !== undefined) await this.form.getByLabel("Nama").fill(values.name);
    if (values.host !== undefined) await this.form.getByLabel("Host").fill(values.host);
    if (values.port !== undefined) await this.form.getByLabel("Port").fill(values.port);
    if (values.user !== undefined) await this.form.getByLabel("Pengguna API").fill(values.user);
    if (values.password !== undefined) await this.form.getByLabel("Kata sandi API").fill(values.password);
  }

  async testConnection() {
    await this.form.getByRole("button", { name: "Tes koneksi" }).click();
  }

  testResult() {
    return this.form.getByTestId("test-result");
  }

  async save() {
    await this.form.getByRole("button", { name: "Simpan" }).click();
  }

  row(name: string) {
    return this.table.locator(`tr[data-nas="${name}"]`);
  }

  /** Opens the form of a listed router. */
  async edit(name: string) {
    await this.row(name).getByRole("button", { name: `Ubah ${name}` }).click();
    await expect(this.form).toBeVisible();
  }
}

/** `/network/nas/:id`: live view and terminal. */
export class NasDetailPage {
  constructor(private readonly page: Page) {}

  facts() {
    return this.page.getByTestId("router-facts");
  }

  /** Asks the monitor to check the router now; waits for the verdict. */
  async checkNow(expected: "up" | "down") {
    await this.page.getByTestId("nas-check-now").click();
    await expect(this.page.locator(`.page-header [data-state]`)).toHaveAttribute("data-state", expected);
  }

  sessions() {
    return this.page.getByTestId("sessions-table");
  }

  terminal() {
    return this.page.getByTestId("terminal");
  }

  async run(line: string) {
    const terminal = this.terminal();
    await terminal.getByLabel("Perintah").fill(line);
    await terminal.getByRole("button", { name: "Jalankan" }).click();
  }
}
