import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./app";

/** `/network/map`: the plant on Leaflet (vendored), pins coloured by state. */
export class MapPage {
  constructor(private readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/network/map${query}`);
    await waitForHydration(this.page);
    await expect(this.canvas()).toHaveAttribute("data-ready", "true");
    await expect(this.canvas()).toHaveAttribute("data-points", /^[1-9]\d*$/);
  }

  canvas(): Locator {
    return this.page.getByTestId("network-map");
  }

  /** The pin of a CI by its id (the id is in the CI page's address). */
  pin(ciId: string): Locator {
    return this.canvas().locator(`.map-pin[data-ci="${ciId}"]`);
  }

  pins(layer: string, state?: string): Locator {
    const stateFilter = state ? `[data-state="${state}"]` : "";
    return this.canvas().locator(`.map-pin[data-layer="${layer}"]${stateFilter}`);
  }

  popup(): Locator {
    return this.canvas().locator(".leaflet-popup-content");
  }

  layer(code: string): Locator {
    return this.page.getByTestId(`map-layer-${code}`);
  }

  count(layer: string, state: string): Locator {
    return this.page.getByTestId(`map-count-${layer}-${state}`).locator("strong");
  }

  /** Drags a pin by (dx, dy) pixels as a mouse would. */
  async drag(pin: Locator, dx: number, dy: number) {
    const box = await pin.boundingBox();
    expect(box).not.toBeNull();
    const x = box!.x + box!.width / 2;
    const y = box!.y + box!.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    for (let step = 1; step <= 5; step++) {
      await this.page.mouse.move(x + (dx * step) / 5, y + (dy * step) / 5);
    }
    await this.page.mouse.up();
  }
}
