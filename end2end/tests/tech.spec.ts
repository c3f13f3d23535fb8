import { expect, test } from "@playwright/test";
import { signInAs, waitForHydration } from "./pages/app";

// What a technician's phone shows.
test.use({ viewport: { width: 360, height: 640 } });

/** The first bytes of a JPEG and a PNG: the server decides a file's type from them. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

test("a technician works an installation from the road to done, and the line comes up", async ({ page, browser }) => {
  await signInAs(page, "tech3");
  await waitForHydration(page);
  const day = page.getByTestId("tech-day");
  const card = day.locator(".tech-order-card", { hasText: "Teguh Santoso" });
  await expect(card).toContainText("Pemasangan");
  await card.click();
  await expect(page.getByTestId("tech-order-summary")).toContainText("Jl. Ir. H. Juanda No. 8");
  await waitForHydration(page);
  const moves = page.getByTestId("tech-moves");
  await moves.getByRole("button", { name: "Berangkat" }).click();
  await moves.getByRole("button", { name: "Sudah di lokasi" }).click();
  // Done waits for the checklist and the proof.
  await moves.getByRole("button", { name: "Selesai" }).click();
  await expect(moves).toContainText("Belum bisa selesai");

  const proof = page.getByTestId("tech-proof");
  const serial = proof.locator('[data-evidence="ont_serial"]');
  await serial.getByLabel("Nomor seri ONT").fill("ZTEG 12");
  await serial.getByRole("button", { name: "Simpan" }).click();
  await expect(serial).toContainText("4 huruf vendor dan 8 digit heksadesimal");
  await serial.getByLabel("Nomor seri ONT").fill("zteg-c0ffee01");
  await serial.getByRole("button", { name: "Simpan" }).click();
  await expect(serial).toHaveAttribute("data-done", "true");
  await expect(serial.locator("code")).toHaveText("ZTEGC0FFEE01");
  const rx = proof.locator('[data-evidence="rx_power"]');
  await rx.getByLabel("Daya RX (dBm)").fill("-19,5");
  await rx.getByRole("button", { name: "Simpan" }).click();
  await expect(rx).toContainText("Baik");
  for (const [kind, name, buffer] of [
    ["photo_odp", "odp.jpg", JPEG],
    ["photo_ont", "ont.jpg", JPEG],
    ["signature", "ttd.png", PNG],
  ] as const) {
    const item = proof.locator(`[data-evidence="${kind}"]`);
    await item.locator('input[type="file"]').setInputFiles({ name, mimeType: "image/jpeg", buffer });
    await expect(item).toHaveAttribute("data-done", "true");
  }
  const checklist = page.getByTestId("tech-checklist");
  const boxes = checklist.getByRole("checkbox");
  const count = await boxes.count();
  for (let i = 0; i < count; i++) {
    await boxes.nth(i).check();
    await expect(boxes.nth(i)).toBeChecked();
  }
  await page.getByLabel("Catatan teknisi").fill("Drop 85 m dari ODP-DPK-08, ONT di ruang tamu.");
  await page.getByRole("button", { name: "Simpan" }).last().click();
  await moves.getByRole("button", { name: "Selesai" }).click();
  await expect(page.locator(".tech-order-head [data-state]")).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("tech-moves")).toHaveCount(0);

  // The desk sees the line active, on the planned ODP port.
  const desk = await (await browser.newContext()).newPage();
  await signInAs(desk, "supervisor");
  await desk.goto("/field/orders?kind=installation&state=done");
  await desk.getByTestId("wo-table").locator("tr", { hasText: "Teguh Santoso" }).getByRole("link").first().click();
  await expect(desk.getByTestId("wo-summary")).toContainText("ODP-DPK-08");
  await desk.getByTestId("wo-summary").getByRole("link", { name: "teguh", exact: true }).click();
  await expect(desk.getByTestId("line-heading")).toContainText("teguh");
  await expect(desk.locator(".page-header .badge").first()).toHaveText("Aktif");
  await desk.context().close();
});

test("a technician has no access to the desk's work order screens", async ({ page }) => {
  // tech1: admin.spec changes tech2's password.
  await signInAs(page, "tech1");
  await page.goto("/field/orders");
  await expect(page.getByText("403")).toBeVisible();
});
