import { expect, test } from "@playwright/test";
import { signInAs, waitForHydration } from "./pages/app";

const suffix = () => `${Date.now() % 100000}`;

test("an admin builds a catalog item with its form and an agent requests it", async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signInAs(admin, "admin");
  await admin.goto("/admin/catalog");
  await admin.getByRole("link", { name: "Item katalog baru" }).click();
  await admin.waitForURL(/\/admin\/catalog\/new$/);
  await waitForHydration(admin);

  const name = `IP publik tambahan ${suffix()}`;
  const form = admin.getByTestId("catalog-item-form");
  await form.getByLabel("Nama").fill(name);
  await form.getByLabel("Uraian").fill("Tambahan alamat IP publik untuk pelanggan bisnis.");
  await form.getByLabel("Persetujuan", { exact: true }).selectOption({ label: "Supervisor" });

  await form.getByRole("button", { name: "Tambah isian" }).click();
  await form.getByRole("button", { name: "Tambah isian" }).click();
  const rows = form.getByTestId("form-field-row");
  await expect(rows).toHaveCount(2);
  // A select without choices is refused beside its row, and nothing is saved.
  await rows.nth(0).getByLabel("Label").fill("Paket IP");
  await rows.nth(0).getByLabel("Jenis isian").selectOption({ label: "Pilihan" });
  await rows.nth(0).getByLabel("Wajib").check();
  await rows.nth(1).getByLabel("Label").fill("Keperluan");
  await form.getByRole("button", { name: "Simpan" }).click();
  await expect(rows.nth(0)).toContainText("Isian pilihan butuh minimal satu opsi.");
  await rows.nth(0).getByLabel("Pilihan").fill("/30 (1 IP)\n/29 (5 IP)");
  // Order matters to requesters: the purpose goes first.
  await expect(rows.nth(0).getByRole("button", { name: "Naik" })).toBeDisabled();
  await rows.nth(0).getByRole("button", { name: "Turun" }).click();
  await expect(rows.nth(0).getByLabel("Label")).toHaveValue("Keperluan");
  await expect(rows.nth(1).getByRole("button", { name: "Turun" })).toBeDisabled();
  await form.getByRole("button", { name: "Simpan" }).click();
  await admin.waitForURL(/\/admin\/catalog\/\d+\?saved=1$/);
  await expect(admin.getByText("Tersimpan.")).toBeVisible();
  await expect(admin.getByTestId("form-field-row").nth(0).getByLabel("Kunci")).toHaveValue("keperluan");

  const agent = await (await browser.newContext()).newPage();
  await signInAs(agent, "agent1");
  await agent.goto("/catalog");
  await agent.locator(".catalog-item", { hasText: name }).getByRole("link", { name: "Ajukan" }).click();
  await agent.waitForURL(/\/catalog\/\d+$/);
  await waitForHydration(agent);
  await agent.getByLabel("Keperluan").fill("Server VPN kantor cabang");
  await agent.getByLabel("Paket IP *").selectOption("/29 (5 IP)");
  await agent.getByRole("button", { name: "Kirim permintaan" }).click();
  await agent.waitForURL(/\/tickets\/\d+$/);
  await expect(agent.locator(".ticket-header")).toContainText("Menunggu persetujuan");
  await expect(agent.getByTestId("ticket-description")).toContainText("/29 (5 IP)");
});

test("holidays, calendar hours and SLA policies are edited with clear errors", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/desk/calendars");
  await waitForHydration(page);

  // A holiday two years ahead: add it as provisional, confirm it, then delete it.
  const holidays = page.getByTestId("holidays");
  const year = Number(await page.getByTestId("holiday-year").innerText());
  await holidays.getByRole("button", { name: "Tahun berikutnya" }).click();
  await holidays.getByRole("button", { name: "Tahun berikutnya" }).click();
  await expect(page.getByTestId("holiday-year")).toHaveText(String(year + 2));
  await holidays.getByRole("button", { name: "Tambah hari libur" }).click();
  const holidayForm = page.getByTestId("holiday-form");
  await holidayForm.getByLabel("Tanggal", { exact: true }).fill(`${year + 2}-03-09`);
  await holidayForm.getByLabel("Nama").fill("Cuti bersama uji");
  await holidayForm.getByLabel("Tanggal sementara (belum ditetapkan SKB)").check();
  await holidayForm.getByRole("button", { name: "Simpan" }).click();
  const row = page.getByTestId("holidays-table").locator("tr", { hasText: "Cuti bersama uji" });
  await expect(row).toContainText("Sementara");
  await row.getByRole("button", { name: "Konfirmasi" }).click();
  await expect(row).not.toContainText("Sementara");
  await row.getByRole("button", { name: "Hapus" }).click();
  await row.getByRole("button", { name: "Yakin hapus?" }).click();
  await expect(row).toHaveCount(0);

  // Hours that end before they start are refused beside the day.
  await page.getByTestId("calendars-table").locator("tr", { hasText: "Jam kerja kantor" })
    .getByRole("button", { name: /Ubah/ }).click();
  const calendar = page.getByTestId("calendar-form");
  await calendar.getByLabel("Senin").fill("17.00–08.00");
  await calendar.getByRole("button", { name: "Simpan" }).click();
  await expect(calendar).toContainText("Jam selesai harus setelah jam mulai.");
  await calendar.getByRole("button", { name: "Batal" }).click();

  await page.getByRole("link", { name: "Kebijakan SLA" }).click();
  await page.waitForURL(/\/admin\/desk\/sla$/);
  await page.getByRole("button", { name: "Kebijakan baru" }).click();
  const policy = page.getByTestId("sla-policy-form");
  const name = `VIP bisnis ${suffix()}`;
  await policy.getByLabel("Nama").fill(name);
  await policy.getByLabel("Prioritas").selectOption({ label: "1 Kritis" });
  await policy.getByLabel("Target respons (menit)").fill("600");
  await policy.getByLabel("Target penyelesaian (menit)").fill("120");
  await policy.getByRole("button", { name: "Simpan" }).click();
  await expect(policy).toContainText("Target respons tidak boleh lebih lama dari target penyelesaian.");
  await policy.getByLabel("Target respons (menit)").fill("10");
  await expect(policy).toContainText("10 mnt");
  await policy.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByTestId("sla-policies-table")).toContainText(name);
  await expect(page.getByTestId("sla-policies-table").locator("tr", { hasText: name })).toContainText("2 jam");
});

test("an admin forms a support group and routes a new category to it", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/desk/groups");
  await waitForHydration(page);
  const group = `Tim Fiber ${suffix()}`;
  await page.getByRole("button", { name: "Grup baru" }).click();
  const form = page.getByTestId("group-form");
  await form.getByLabel("Nama").fill(group);
  await form.getByLabel("Supervisor").selectOption({ index: 1 });
  await form.getByRole("group", { name: "Anggota" }).getByRole("checkbox").first().check();
  await form.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByTestId("groups-table")).toContainText(group);

  await page.getByRole("link", { name: "Kategori", exact: true }).click();
  await page.waitForURL(/\/admin\/desk\/categories$/);
  await page.getByRole("button", { name: "Kategori baru" }).click();
  const category = page.getByTestId("category-form");
  const name = `Redaman tinggi ${suffix()}`;
  await category.getByLabel("Nama").fill(name);
  await category.getByLabel("Grup").selectOption({ label: group });
  await category.getByLabel("Dampak").selectOption({ index: 2 });
  await category.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByTestId("categories-table").locator("tr", { hasText: name })).toContainText(group);
});
