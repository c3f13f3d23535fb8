import { expect, test } from "@playwright/test";
import { LoginPage, signInAs, waitForHydration } from "./pages/app";
import { CustomerPages, LinePage, tinyJpeg } from "./pages/subscribers";
import { BoardPage, TicketPage } from "./pages/tickets";

const suffix = () => `${Date.now() % 100000}`;

test("a customer signed up by an agent gets a line, reports a fault, and reads the desk's reply", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const id = suffix();
  const name = `Rudi Hartanto ${id}`;
  const login = `rudi${id}`;
  const password = "rahasia-rudi-123";

  // The agent signs the customer up.
  await signInAs(page, "agent1");
  const customers = new CustomerPages(page);
  await customers.openNew();
  await customers.fillCustomer({ name, phone: "0812 34", address: "Jl. Cikini Raya 7, Jakarta", nik: "123" });
  await customers.saveCustomer();
  await expect(customers.customerForm()).toContainText("Nomor telepon tidak valid");
  await expect(customers.customerForm()).toContainText("NIK harus 16 angka");
  await customers.fillCustomer({ name, phone: `0812 7000 ${id.padStart(5, "0").slice(0, 4)}`, address: "Jl. Cikini Raya 7, Jakarta", nik: "" });
  await customers.saveCustomer();
  await page.waitForURL(/\/customers\/\d+$/);
  await expect(customers.heading()).toContainText(name);
  await customers.createPortalLogin(login, `${login}@pelanggan.test`, password);
  // The KTP photo: a text file is refused beside the field, a photo is kept for staff.
  await customers.pickIdPhoto("ktp.jpg", "image/jpeg", Buffer.from("bukan foto"));
  await expect(customers.idPhoto().getByTestId("upload-error")).toContainText("Foto KTP harus berupa gambar");
  await customers.pickIdPhoto("ktp.jpg", "image/jpeg", tinyJpeg);
  await expect(customers.idPhoto().getByRole("link", { name: "Lihat foto KTP" })).toBeVisible();
  const photo = await page.request.get(
    (await customers.idPhoto().getByRole("link", { name: "Lihat foto KTP" }).getAttribute("href"))!,
  );
  expect(photo.headers()["content-type"]).toBe("image/jpeg");
  await customers.addLine();

  // The line is written to the simulated router and the modem dials in.
  const row = customers.lines().locator("tbody tr").first();
  await expect(row).toContainText("Rumah 10 Mbps");
  // The history tells what happened in words, not audit codes.
  await expect(customers.history()).toContainText("mengunggah foto KTP");
  await expect(customers.history()).toContainText("menambah langganan");
  await row.getByRole("link").click();
  await page.waitForURL(/\/subscriptions\/\d+$/);
  await waitForHydration(page);
  const line = new LinePage(page);
  await expect(line.provisioning().locator("[data-provision]")).toHaveAttribute("data-provision", "applied", {
    timeout: 30_000,
  });
  await expect(line.session().locator("[data-online]")).toHaveAttribute("data-online", "yes", { timeout: 30_000 });

  // The agent watches the board while the customer reports.
  const board = new BoardPage(page);
  await board.open();

  const customerContext = await browser.newContext();
  const portal = await customerContext.newPage();
  const loginPage = new LoginPage(portal, "/portal/login");
  await loginPage.open();
  await waitForHydration(portal);
  await loginPage.signIn(login, password);
  await portal.waitForURL(/\/portal\/home$/);
  await waitForHydration(portal);
  const card = portal.locator(".line-card").first();
  await expect(card.getByTestId("line-online").locator("[data-online]")).toHaveAttribute("data-online", "yes", {
    timeout: 20_000,
  });
  await card.getByRole("link", { name: "Laporkan gangguan" }).click();
  await portal.waitForURL(/\/portal\/report/);
  await waitForHydration(portal);
  await portal.getByLabel("Internet mati sama sekali").check();
  await portal.getByLabel("Ceritakan masalahnya").fill("Lampu LOS merah sejak pagi.");
  await portal.getByRole("button", { name: "Kirim laporan" }).click();
  await portal.waitForURL(/\/portal\/tickets\/\d+$/);
  const heading = portal.getByTestId("portal-ticket-heading");
  await expect(heading).toContainText("Internet mati");
  const number = (await heading.textContent())!.split(" · ")[0];

  // The incident appears on the agent's open board without a reload.
  const incident = board.card(number);
  await expect(incident).toBeVisible({ timeout: 15_000 });
  await incident.getByRole("link").first().click();
  await page.waitForURL(/\/tickets\/\d+$/);
  await waitForHydration(page);
  const ticket = new TicketPage(page);
  await ticket.comment("public", "Teknisi kami menuju lokasi, mohon ditunggu.");

  // The customer reads the reply.
  await portal.reload();
  await expect(portal.getByTestId("replies")).toContainText("Teknisi kami menuju lokasi");
  await customerContext.close();
});
