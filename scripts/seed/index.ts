/**
 * Demo data for `npm run dev`: each seeding step is a module of its own, run in order here,
 * so a newcomer's first page already shows a living market.
 */
import type { Deployment } from "@ipnft/protocol/deployment";
import { seedCatalog } from "./catalog";
import { seedDataset } from "./dataset";
import { seedStreams } from "./streams";
import { fundDemoWallets } from "./wallets";

/** `dataDir`: where the gateway's content store lives (the app's DATA_DIR); `data/` by default. */
export async function seedDemo(deployment: Deployment, options: { dataDir?: string } = {}): Promise<void> {
  await fundDemoWallets(deployment);
  // three artists, twelve works with locally drawn images, shares held by three fans, a derivative
  await seedCatalog(deployment, options);
  // one small dataset of the first original works, its contributors paid through one GDA pool
  await seedDataset(deployment, options);
  // last: it streams on one of the artist's works if earlier steps registered some, else on one of its own
  await seedStreams(deployment);
}
