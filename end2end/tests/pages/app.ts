import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "simpul-demo";

/** Waits until the WASM bundle has hydrated the server-rendered page. */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** The sign-in form, staff (/login) or portal (/portal/login). Labels are Indonesian by default. */
export class LoginPage {
  constructor(private readonly page: Page, private readonly path = "/login") {}

  async open(query = "") {
    await this.page.goto(this.path + query);
  }

  async signIn(login: string, password = DEMO_PASSWORD) {
    await this.page.getByLabel("Email atau nama pengguna").fill(login);
    await this.page.getByLabel("Kata sandi").fill(password);
    await this.page.getByRole("button", { name: "Masuk" }).click();
  }

  error() {
    return this.page.getByRole("alert");
  }
}

/** Controls every area's layout has. */
export class Shell {
  constructor(private readonly page: Page) {}

  currentUser() {
    return this.page.getByTestId("current-user");
  }

  /** Signs out and waits until the sign-in page has replaced the private one. */
  async signOut() {
    await this.page.getByTestId("sign-out").click();
    await this.page.waitForURL(/\/(portal\/)?login$/);
  }

  async switchLanguage(code: "ID" | "EN") {
    await this.page.getByRole("button", { name: code, exact: true }).first().click();
  }
}

/** Signs in through the UI (hydrated) and waits for the landing page. */
export async function signInAs(page: Page, login: string, path = "/login") {
  const loginPage = new LoginPage(page, path);
  await loginPage.open();
  await waitForHydration(page);
  await loginPage.signIn(login);
  await expect(page).not.toHaveURL(/\/login/);
  await waitForHydration(page);
}
