import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, LoginPage } from "./pages/app";

// Runs in the "no-javascript" project: no WASM, no JS, plain HTML forms only.

test("the portal landing page renders without JavaScript", async ({ page }) => {
  await page.goto("/portal");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Internet Anda, dalam genggaman");
  await page.getByRole("link", { name: "Masuk ke portal" }).first().click();
  await expect(page).toHaveURL(/\/portal\/login$/);
});

test("a customer signs in and out without JavaScript", async ({ page }) => {
  const login = new LoginPage(page, "/portal/login");
  await login.open();
  await login.signIn("siti", "wrong-password-1");
  await expect(login.error()).toContainText("Email/nama pengguna atau kata sandi salah.");
  await login.signIn("siti", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/portal\/home$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ringkasan akun");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/portal\/login$/);
  await page.goto("/portal/home");
  await expect(page).toHaveURL(/\/portal\/login\?next=/);
});

test("the language switch works without JavaScript", async ({ page }) => {
  await page.goto("/portal");
  await page.getByRole("button", { name: "EN", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your internet, in your hands");
  await page.getByRole("button", { name: "ID", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Internet Anda, dalam genggaman");
});
