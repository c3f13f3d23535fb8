import { expect, test } from "@playwright/test";
import { signInAs, waitForHydration } from "./pages/app";

test("a supervisor approves a relocation requested by an agent", async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await signInAs(agent, "agent1");
  await agent.goto("/catalog");
  await agent.locator(".catalog-item", { hasText: "Pindah alamat" }).getByRole("link", { name: "Ajukan" }).click();
  await agent.waitForURL(/\/catalog\/\d+$/);
  await expect(agent.locator("body")).toHaveAttribute("data-hydrated", "true");

  // Required answers are enforced beside their fields.
  await agent.getByRole("button", { name: "Kirim permintaan" }).click();
  await expect(agent.locator(".field-invalid").first()).toContainText("Wajib diisi.");

  const address = `Jl. Melati No. ${Date.now() % 1000}, Depok`;
  await agent.getByLabel("Alamat baru *").fill(address);
  await agent.getByLabel("Bersedia membayar biaya pindah *").check();
  await agent.getByRole("button", { name: "Kirim permintaan" }).click();
  await agent.waitForURL(/\/tickets\/\d+$/);
  const header = agent.locator(".ticket-header");
  await expect(header).toContainText("Menunggu persetujuan");
  const number = (await agent.getByTestId("ticket-number").innerText()).split(" ")[0];
  await expect(agent.getByTestId("sla-resolution")).toHaveText("Dijeda");

  const boss = await (await browser.newContext()).newPage();
  await signInAs(boss, "supervisor");
  await boss.goto("/approvals");
  await waitForHydration(boss);
  const card = boss.locator(`.approval[data-ticket="${number}"]`);
  await expect(card).toContainText(address);
  await card.getByRole("button", { name: "Setujui" }).click();
  await expect(card).toHaveCount(0);

  // The agent's open ticket page follows the decision live.
  await expect(header).toContainText("Ditugaskan");
  await expect(agent.getByTestId("timeline")).toContainText("menyetujui permintaan");
});

test("each approver sees only the steps addressed to their role", async ({ browser }) => {
  const agent = await (await browser.newContext()).newPage();
  await signInAs(agent, "agent1");
  await agent.goto("/catalog");
  await agent.locator(".catalog-item", { hasText: "Pindah alamat" }).getByRole("link", { name: "Ajukan" }).click();
  await expect(agent.locator("body")).toHaveAttribute("data-hydrated", "true");
  await agent.getByLabel("Alamat baru *").fill("Jl. Kenanga 7, Bogor");
  await agent.getByLabel("Bersedia membayar biaya pindah *").check();
  await agent.getByRole("button", { name: "Kirim permintaan" }).click();
  await agent.waitForURL(/\/tickets\/\d+$/);
  const number = (await agent.getByTestId("ticket-number").innerText()).split(" ")[0];

  const finance = await (await browser.newContext()).newPage();
  await signInAs(finance, "finance");
  await finance.goto("/approvals");
  await expect(finance.getByRole("heading", { name: "Menunggu persetujuan" })).toBeVisible();
  await expect(finance.locator(`.approval[data-ticket="${number}"]`)).toHaveCount(0);

  const boss = await (await browser.newContext()).newPage();
  await signInAs(boss, "supervisor");
  await boss.goto("/approvals");
  await expect(boss.locator(`.approval[data-ticket="${number}"]`)).toBeVisible();
});
