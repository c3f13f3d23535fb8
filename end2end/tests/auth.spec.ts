import { expect, test } from "@playwright/test";
import { LoginPage, Shell, signInAs, waitForHydration } from "./pages/app";

const build = process.env.SIMPUL_BUILD ?? "debug";

test(`the ${build} build hydrates`, async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const wasm = page.waitForResponse((r) => r.url().endsWith(".wasm") && r.ok());
  await page.goto("/login");
  await wasm;
  await waitForHydration(page);
  expect(errors).toEqual([]);
});

const landings = [
  { login: "admin", url: /\/$/, heading: "Selamat datang, Rina Wijaya" },
  { login: "agent1", url: /\/$/, heading: "Selamat datang, Dewi Lestari" },
  { login: "tech1", url: /\/tech$/, heading: "Hari ini" },
  { login: "ahmad", url: /\/portal\/home$/, heading: "Ringkasan akun" },
];

for (const { login, url, heading } of landings) {
  test(`${login} signs in and lands in their area`, async ({ page }) => {
    await signInAs(page, login);
    await expect(page).toHaveURL(url);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  });
}

test("a wrong password shows an error and keeps the user out", async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await waitForHydration(page);
  await login.signIn("admin", "not-the-password");
  await expect(login.error()).toContainText("Email/nama pengguna atau kata sandi salah.");
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers/);
});

test("after sign-in the user returns to the page they asked for", async ({ page }) => {
  await page.goto("/admin/audit");
  await expect(page).toHaveURL(/\/login\?next=/);
  await waitForHydration(page);
  await new LoginPage(page).signIn("admin");
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log audit");
});

test("a customer opening a staff page gets 403", async ({ page }) => {
  await signInAs(page, "ahmad", "/portal/login");
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Akses ditolak (403)");
  await expect(page.getByTestId("users-table")).toHaveCount(0);
});

test("a technician gets 403 for a staff page, on a full load and by client-side navigation", async ({ page }) => {
  await signInAs(page, "tech1");
  const response = await page.goto("/account");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Akses ditolak (403)");

  // Client-side: the router handles an in-app link without asking the server for the page.
  await page.goto("/tech");
  await waitForHydration(page);
  await page.evaluate(() => {
    (window as unknown as { stillSamePage: boolean }).stillSamePage = true;
    const link = document.createElement("a");
    link.href = "/admin/users";
    link.textContent = "staff link";
    document.querySelector("main")!.appendChild(link);
  });
  await page.getByRole("link", { name: "staff link" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Akses ditolak (403)");
  expect(await page.evaluate(() => (window as unknown as { stillSamePage?: boolean }).stillSamePage)).toBe(true);
});

test("the language switch changes visible text and sticks", async ({ page }) => {
  await signInAs(page, "agent1");
  await expect(page.getByRole("link", { name: "Dasbor" })).toBeVisible();
  await new Shell(page).switchLanguage("EN");
  await expect(page.getByRole("link", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Dewi Lestari");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.reload();
  await expect(page.getByRole("link", { name: "Dashboard" })).toBeVisible();
  // Leave the account as it was for the other specs.
  await waitForHydration(page);
  await new Shell(page).switchLanguage("ID");
  await expect(page.getByRole("link", { name: "Dasbor" })).toBeVisible();
});

test("sign-out ends the session and back does not show private data", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/users");
  await waitForHydration(page);
  await expect(page.getByTestId("users-table")).toContainText("Rina Wijaya");
  await new Shell(page).signOut();
  await expect(page).toHaveURL(/\/login$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers/);
  await expect(page.getByTestId("users-table")).toHaveCount(0);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});
