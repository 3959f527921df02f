/**
 * Demo data for `npm run dev`: each seeding step is a module of its own, run in order here,
 * so a newcomer's first page already shows a living market.
 */
import type { Deployment } from "../../apps/web/lib/deployment.js";
import { seedCatalog } from "./catalog.js";
import { seedStreams } from "./streams.js";
import { fundDemoWallets } from "./wallets.js";

/** `dataDir`: where the gateway's content store lives (the app's DATA_DIR); `data/` by default. */
export async function seedDemo(deployment: Deployment, options: { dataDir?: string } = {}): Promise<void> {
  await fundDemoWallets(deployment);
  // three artists, twelve works with locally drawn images, shares held by three fans, a derivative
  await seedCatalog(deployment, options);
  // last: it streams on one of the artist's works if earlier steps registered some, else on one of its own
  await seedStreams(deployment);
}
