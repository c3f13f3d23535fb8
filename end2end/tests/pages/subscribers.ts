import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./app";

/** `/customers/new` and the customer page (Indonesian labels, the default language). */
export class CustomerPages {
  constructor(private readonly page: Page) {}

  async openNew() {
    await this.page.goto("/customers/new");
    await waitForHydration(this.page);
  }

  async fillCustomer(opts: { name: string; phone: string; address: string; nik?: string }) {
    const form = this.page.getByTestId("customer-form");
    await form.getByLabel("Nama lengkap").fill(opts.name);
    await form.getByLabel("Telepon / WhatsApp").fill(opts.phone);
    await form.getByLabel("Alamat").fill(opts.address);
    if (opts.nik !== undefined) await form.getByLabel("NIK (KTP)").fill(opts.nik);
  }

  async saveCustomer() {
    await this.page.getByTestId("customer-form").getByRole("button", { name: "Simpan" }).click();
  }

  customerForm(): Locator {
    return this.page.getByTestId("customer-form");
  }

  heading(): Locator {
    return this.page.getByTestId("customer-heading");
  }

  async createPortalLogin(username: string, email: string, password: string) {
    const form = this.page.getByTestId("portal-login-form");
    await form.getByLabel("Nama pengguna").fill(username);
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Kata sandi").fill(password);
    await form.getByRole("button", { name: "Buat akun portal" }).click();
    await expect(form).toHaveCount(0);
  }

  async addLine() {
    await this.page.getByRole("button", { name: "Tambah langganan" }).click();
    const form = this.page.getByTestId("subscription-form");
    await expect(form.getByLabel("Paket")).toBeVisible();
    await form.getByRole("button", { name: "Simpan" }).click();
    await expect(form).toHaveCount(0);
  }

  lines(): Locator {
    return this.page.getByTestId("subscription-table");
  }

  idPhoto(): Locator {
    return this.page.getByTestId("id-photo");
  }

  history(): Locator {
    return this.page.getByTestId("customer-history");
  }

  /** Picks a file in the KTP field; the upload starts at once. */
  async pickIdPhoto(name: string, mimeType: string, buffer: Buffer) {
    await this.idPhoto().getByLabel(/foto KTP/).setInputFiles({ name, mimeType, buffer });
  }
}

/** The first bytes of a JPEG (the server types files by their bytes). */
export const tinyJpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]);

/** `/subscriptions/:id`. */
export class LinePage {
  constructor(private readonly page: Page) {}

  provisioning(): Locator {
    return this.page.getByTestId("provisioning");
  }

  session(): Locator {
    return this.page.getByTestId("live-session");
  }
}
