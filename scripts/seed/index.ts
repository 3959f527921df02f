/**
 * Demo data for `npm run dev`: each seeding step is a module of its own, run in order here,
 * so a newcomer's first page already shows a living market.
 */
import type { Deployment } from "../../apps/web/lib/deployment.js";
import { seedStreams } from "./streams.js";
import { fundDemoWallets } from "./wallets.js";

export async function seedDemo(deployment: Deployment): Promise<void> {
  await fundDemoWallets(deployment);
  // last: it streams on one of the artist's works if earlier steps registered some, else on one of its own
  await seedStreams(deployment);
}
