import { expect, test } from "@playwright/test";
import { signInAs } from "./pages/app";
import { BoardPage, NewTicketPage, TicketPage } from "./pages/tickets";

// Agent A (agent1) opens an incident; agent B (agent2) watches the board and works it.
test("an incident travels from creation to resolution across two live sessions", async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signInAs(a, "agent1");
  await signInAs(b, "agent2");

  const board = new BoardPage(b);
  await board.open();
  // Proves later updates arrive without a reload: a full page load would drop this flag.
  await b.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  const title = `ONT mati di Cibubur ${Date.now()}`;
  const form = new NewTicketPage(a);
  await form.open();
  await form.fill({ title, description: "Lampu **LOS** merah", impact: "1", urgency: "2", assignee: "Agus Setiawan" });
  await expect(form.priorityPreview()).toHaveText("2 Tinggi");
  await form.submit();
  const ticket = new TicketPage(a);
  await expect(ticket.header()).toContainText("2 Tinggi");
  await expect(ticket.number()).toContainText(/INC-\d{6}/);

  // B's open board shows the new card, unprompted.
  await expect(board.lane("assigned").locator(".ticket-card", { hasText: title })).toBeVisible();
  expect(await b.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

  await board.drag(title, "in_progress");
  await expect(board.lane("in_progress").locator(".ticket-card", { hasText: title })).toBeVisible();
  await expect(board.refusal()).toHaveCount(0);

  await board.card(title).getByRole("link", { name: title }).click();
  await b.waitForURL(/\/tickets\/\d+$/);
  const work = new TicketPage(b);
  await expect(work.header()).toContainText("Dikerjakan");
  await work.comment("internal", "Redaman ODP 12 port 3 tinggi");
  await work.comment("public", "Teknisi kami menuju lokasi Anda");

  // Attachments: a log file is accepted and listed; a web page posing as a photo is not.
  await b.locator("#attach-file").setInputFiles({ name: "redaman.txt", mimeType: "text/plain", buffer: Buffer.from("ODP 12 port 3: -27.5 dBm\n") });
  await expect(b.getByTestId("attachments").getByRole("link", { name: "redaman.txt" })).toBeVisible();
  await b.locator("#attach-file").setInputFiles({ name: "foto.png", mimeType: "image/png", buffer: Buffer.from("<html><script>alert(1)</script></html>") });
  await expect(b.getByTestId("upload-error")).toContainText("Jenis berkas ini tidak diterima");

  await work.move("pending_customer");
  await expect(work.header()).toContainText("Menunggu pelanggan");
  await expect(work.slaState("resolution")).toHaveText("Dijeda");

  // Resolving without a note is refused beside the note field; with one it goes through.
  await work.move("resolved");
  await expect(b.getByText("Tulis catatan penyelesaian terlebih dahulu.")).toBeVisible();
  await work.move("resolved", "Konektor diganti, redaman normal");
  await expect(work.header()).toContainText("Selesai");
  await expect(work.timeline()).toContainText("Konektor diganti, redaman normal");

  // A resolved ticket cannot go back to New: the drag snaps back with the reason.
  await board.open();
  await expect(board.lane("resolved").locator(".ticket-card", { hasText: title })).toBeVisible();
  await board.drag(title, "new");
  await expect(board.refusal()).toContainText("Perpindahan status ini tidak diizinkan.");
  await expect(board.lane("resolved").locator(".ticket-card", { hasText: title })).toBeVisible();
  await expect(board.lane("new").locator(".ticket-card", { hasText: title })).toHaveCount(0);
});

test("the list filters by preset and finds tickets by number and text", async ({ page }) => {
  await signInAs(page, "agent1");
  await page.goto("/tickets?q=tertagih");
  await expect(page.getByTestId("tickets-table")).toContainText("Tagihan bulan ini tertagih dua kali");
  await expect(page.getByTestId("tickets-table").locator("tbody tr")).toHaveCount(1);
  await page.goto("/tickets?q=INC-00000");
  await expect(page.getByTestId("tickets-table").locator("tbody tr").first()).toContainText("INC-00000");
  await page.getByRole("link", { name: "Tenggat SLA hari ini" }).click();
  await expect(page).toHaveURL(/due=today/);

  // The view on screen can be saved under a name and reopened later.
  await page.goto("/tickets?q=tertagih&status=open");
  await page.locator("body[data-hydrated]").waitFor();
  const name = `Tagihan ganda ${Date.now() % 10000}`;
  await page.getByPlaceholder("Nama filter").fill(name);
  await page.getByRole("button", { name: "Simpan filter ini" }).click();
  const chip = page.getByTestId("saved-filter").filter({ hasText: name });
  await page.goto("/tickets");
  await chip.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/q=tertagih/);
  await expect(page.getByTestId("tickets-table")).toContainText("Tagihan bulan ini tertagih dua kali");
});

test("finance and technicians cannot open the staff ticket screens", async ({ page }) => {
  await signInAs(page, "finance");
  await page.goto("/tickets/board");
  await expect(page.getByRole("heading", { name: "Akses ditolak (403)" })).toBeVisible();
});
