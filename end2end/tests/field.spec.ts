import { expect, test } from "@playwright/test";
import { signInAs, waitForHydration } from "./pages/app";
import { WorkOrdersPage } from "./pages/field";

test("a supervisor plans the installation left for dispatch", async ({ page }) => {
  await signInAs(page, "supervisor");
  const orders = new WorkOrdersPage(page);
  await orders.openList("?kind=installation");
  // The demo's day: Rahmat's installation is planned, Lina's waits for the dispatcher.
  await expect(orders.row("Rahmat Hidayat").locator("[data-state]")).toHaveAttribute("data-state", "scheduled");
  await expect(orders.row("Lina Marlina").locator("[data-state]")).toHaveAttribute("data-state", "new");
  await orders.openFor("Lina Marlina");
  await expect(orders.state()).toHaveText("Baru");
  await expect(page.getByTestId("wo-outstanding").locator('li[data-evidence="ont_serial"]')).toHaveAttribute("data-done", "false");

  // A window that ends before it starts is refused beside the field.
  await orders.plan("Eko Saputra — Jakarta (Pemasangan, Nirkabel)", "14:00", "13:00");
  await expect(orders.schedule()).toContainText("Akhir jadwal harus setelah awalnya.");
  await orders.plan("Eko Saputra — Jakarta (Pemasangan, Nirkabel)", "10:00", "12:00");
  await expect(orders.state()).toHaveText("Terjadwal");
  await expect(page.getByTestId("wo-summary")).toContainText("Eko Saputra");
  await expect(page.getByTestId("wo-summary")).toContainText(/10:00–12:00 WIB/);
  await expect(orders.history().locator("li")).toHaveCount(2);
  await expect(orders.history().locator('li[data-to="scheduled"]')).toContainText("Bambang Sutrisno");
});

test("an agent follows a repair visit from the incident's history but does not plan it", async ({ page }) => {
  await signInAs(page, "agent1");
  const orders = new WorkOrdersPage(page);
  await orders.openList("?kind=repair");
  await orders.openFor("Yohana Kambu");
  await expect(orders.state()).toHaveText("Terjadwal");
  await expect(orders.schedule()).toHaveCount(0);
  await expect(page.getByTestId("wo-desk-moves")).toHaveCount(0);
  // The incident behind it shows the visit in its history; agents may open further visits.
  await page.getByTestId("wo-summary").getByRole("link", { name: /^INC-/ }).click();
  await expect(page.getByText("Kunjungan teknisi dijadwalkan")).toBeVisible();
  await expect(page.getByTestId("ticket-work-order")).toBeVisible();
});

test("an admin keeps a technician's profile and a kind's checklist", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/field");
  await waitForHydration(page);
  const putu = page.locator('form[data-technician="tech3"]');
  await putu.getByLabel("Selesai kerja").fill("07:00");
  await putu.getByRole("button", { name: "Simpan" }).click();
  await expect(putu).toContainText("Akhir jadwal harus setelah awalnya.");
  await putu.getByLabel("Selesai kerja").fill("16:00");
  await putu.getByLabel("Nirkabel").check();
  await putu.getByRole("button", { name: "Simpan" }).click();
  await expect(putu.getByRole("status")).toHaveText("Tersimpan.");

  const survey = page.locator('form[data-template="survey"]');
  await survey.getByRole("button", { name: "Tambah butir" }).click();
  await survey.getByRole("textbox", { name: "Kunci" }).last().fill("Foto Jalur");
  await survey.getByRole("textbox", { name: "Teks (Indonesia)" }).last().fill("Foto jalur kabel");
  await survey.getByRole("textbox", { name: "Teks (Inggris)" }).last().fill("Photo of the cable route");
  await survey.getByRole("button", { name: "Simpan" }).click();
  await expect(survey).toContainText("Kunci: huruf kecil, angka dan _");
  await survey.getByRole("textbox", { name: "Kunci" }).last().fill("foto_jalur");
  await survey.getByRole("button", { name: "Simpan" }).click();
  await expect(survey.getByRole("status")).toHaveText("Tersimpan.");
  await page.reload();
  await expect(page.locator('form[data-template="survey"] input[aria-label="Kunci"]').last()).toHaveValue("foto_jalur");
});
