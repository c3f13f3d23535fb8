import { expect, test } from "@playwright/test";
import { LoginPage, Shell, signInAs, waitForHydration } from "./pages/app";

test("admin creates a user, sees field errors, edits and deactivates them; all audited", async ({ page }) => {
  await signInAs(page, "admin");
  await page.getByRole("link", { name: "Pengguna" }).click();
  await expect(page.getByTestId("users-table")).toContainText("Dewi Lestari");
  await page.getByRole("link", { name: "Pengguna baru" }).click();
  await expect(page).toHaveURL(/\/admin\/users\/new$/);

  // A taken username and a short password are reported beside their inputs.
  await page.getByLabel("Nama lengkap").fill("Wayan Sudarma");
  await page.getByLabel("Nama pengguna").fill("agent1");
  await page.getByLabel("Email").fill("wayan@demo.simpul.id");
  await page.getByLabel("Agen service desk").check();
  await page.getByLabel("Kata sandi awal").fill("short");
  await page.getByRole("button", { name: "Buat pengguna" }).click();
  await expect(page.locator("#field-password-error")).toHaveText("Kata sandi minimal 10 karakter.");
  await expect(page.getByLabel("Nama lengkap")).toHaveValue("Wayan Sudarma");

  await page.getByLabel("Kata sandi awal").fill("wayan-password-1");
  await page.getByRole("button", { name: "Buat pengguna" }).click();
  await expect(page.locator("#field-username-error")).toHaveText("Nama pengguna ini sudah dipakai.");
  await page.getByLabel("Nama pengguna").fill("wayan");
  await page.getByRole("button", { name: "Buat pengguna" }).click();
  await expect(page).toHaveURL(/\/admin\/users\/\d+\?created=1$/);
  await expect(page.getByText("Pengguna dibuat.")).toBeVisible();

  // Edit: give them the finance role as well.
  await page.getByLabel("Keuangan").check();
  await page.getByRole("button", { name: "Simpan", exact: true }).click();
  await expect(page.getByText("Tersimpan.")).toBeVisible();

  await page.getByRole("button", { name: "Nonaktifkan" }).click();
  await expect(page.getByText("Pengguna dinonaktifkan dan sesinya dikeluarkan.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Aktifkan kembali" })).toBeVisible();

  await page.getByRole("link", { name: "Log audit" }).click();
  await waitForHydration(page);
  await page.getByLabel("Entitas", { exact: true }).fill("user");
  await page.getByRole("button", { name: "Terapkan" }).click();
  const table = page.getByTestId("audit-table");
  await expect(table).toContainText("user.deactivate");
  await expect(table).toContainText("user.update");
  await expect(table).toContainText("user.create");
});

test("a deactivated user cannot sign in", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/users?q=wayan");
  await waitForHydration(page);
  await expect(page.getByTestId("users-table")).toContainText("Nonaktif");
  await new Shell(page).signOut();
  const login = new LoginPage(page);
  await waitForHydration(page);
  await login.signIn("wayan", "wayan-password-1");
  await expect(login.error()).toContainText("salah");
});

test("forgotten password: the link lands in the outbox and works once", async ({ page }) => {
  await page.goto("/forgot-password");
  await waitForHydration(page);
  await page.getByLabel("Email").fill("tech2@demo.simpul.id");
  await page.getByRole("button", { name: "Kirim tautan" }).click();
  await expect(page.getByText("Jika email itu terdaftar")).toBeVisible();

  await signInAs(page, "admin");
  await page.getByRole("link", { name: "Kotak keluar" }).click();
  const message = page.getByTestId("outbox-list").locator("li").first();
  await expect(message).toContainText("tech2@demo.simpul.id");
  const body = await message.locator("pre").innerText();
  const link = body.match(/https?:\/\/\S+\/reset-password\?token=\S+/)?.[0];
  expect(link).toBeTruthy();
  await new Shell(page).signOut();
  await expect(page).toHaveURL(/\/login$/);

  const path = new URL(link!).pathname + new URL(link!).search;
  await page.goto(path);
  await waitForHydration(page);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill("tech2-new-password");
  await page.getByLabel("Ulangi kata sandi baru").fill("tech2-new-password");
  await page.getByRole("button", { name: "Simpan kata sandi" }).click();
  await expect(page.getByText("Kata sandi sudah diganti. Silakan masuk.")).toBeVisible();

  await page.goto(path);
  await waitForHydration(page);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill("tech2-other-password");
  await page.getByLabel("Ulangi kata sandi baru").fill("tech2-other-password");
  await page.getByRole("button", { name: "Simpan kata sandi" }).click();
  await expect(page.getByRole("alert")).toContainText("tidak berlaku");

  const login = new LoginPage(page);
  await login.open();
  await waitForHydration(page);
  await login.signIn("tech2", "tech2-new-password");
  await expect(page).toHaveURL(/\/tech$/);
});
