import { main } from "./cli";

/** The bin's entry (bin/ipnft-ai-client.js loads it through tsx). */
const code = await main(process.argv.slice(2), process.env, { out: console.log, err: console.error });
process.exit(code);
