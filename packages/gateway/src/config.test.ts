import path from "node:path";
import { describe, expect, it } from "vitest";
import { readGatewayConfig, repoRoot } from "./config";

describe("the gateway's configuration", () => {
  it("runs the local chain from the repository's deployments/ and data/ when nothing is set", () => {
    expect(readGatewayConfig({}, { root: "/srv/ipnft" })).toEqual({
      chainId: 31337,
      deploymentsDir: "/srv/ipnft/deployments",
      dataDir: "/srv/ipnft/data",
      databaseUrl: undefined,
      dbDir: "/srv/ipnft/data/gateway/db",
      migrationsDir: "/srv/ipnft/packages/gateway/drizzle",
      uploadBytesPerDay: undefined,
      uploadsPerMinute: undefined,
      receiptsPerRequest: undefined,
      receiptPostsPerMinute: undefined,
      publicOrigin: undefined,
      maxUploadBytes: undefined,
      settleEveryMs: 15_000,
      privateKey: undefined,
      sessionSecret: undefined,
      c2pa: { certPath: undefined, keyPath: undefined, trustAnchorsPath: undefined },
    });
  });

  it("takes the repository root from its own sources when the entry point names none", () => {
    expect(readGatewayConfig({}).dataDir).toBe(path.join(repoRoot, "data"));
    expect(path.join(repoRoot, "packages/gateway/src/config.ts")).toBe(path.resolve(import.meta.dirname, "config.ts"));
  });

  it("reads every variable it documents", () => {
    const key = `0x${"ab".repeat(32)}`;
    const config = readGatewayConfig(
      {
        CHAIN_ID: "8453",
        DEPLOYMENTS_DIR: "/etc/ipnft/deployments",
        DATA_DIR: "/var/lib/ipnft",
        GATEWAY_PUBLIC_ORIGIN: "https://gallery.example",
        GATEWAY_MAX_UPLOAD_BYTES: "1048576",
        GATEWAY_SETTLE_EVERY_MS: "0",
        GATEWAY_PRIVATE_KEY: key,
        GATEWAY_SESSION_SECRET: "a long random secret",
        DATABASE_URL: "postgres://gw@db.internal:5432/gateway",
        GATEWAY_DB_DIR: "/var/lib/ipnft/pglite",
        GATEWAY_UPLOAD_BYTES_PER_DAY: "1000000",
        GATEWAY_UPLOADS_PER_MINUTE: "5",
        GATEWAY_RECEIPTS_PER_REQUEST: "16",
        GATEWAY_SIMILAR_REQUESTS: "12",
        GATEWAY_SIMILAR_WINDOW_SECONDS: "30",
        GATEWAY_RECEIPT_POSTS_PER_MINUTE: "10",
        GATEWAY_C2PA_CERT: "secrets/c2pa-chain.pem",
        GATEWAY_C2PA_KEY: "/run/secrets/c2pa-key.pem",
        GATEWAY_C2PA_TRUST_ANCHORS: "/etc/ipnft/c2pa-anchors.pem",
      },
      { root: "/srv/ipnft" },
    );
    expect(config).toEqual({
      chainId: 8453,
      deploymentsDir: "/etc/ipnft/deployments",
      dataDir: "/var/lib/ipnft",
      databaseUrl: "postgres://gw@db.internal:5432/gateway",
      dbDir: "/var/lib/ipnft/pglite",
      migrationsDir: "/srv/ipnft/packages/gateway/drizzle",
      uploadBytesPerDay: 1_000_000,
      uploadsPerMinute: 5,
      receiptsPerRequest: 16,
      similarRequests: 12,
      similarWindowSeconds: 30,
      receiptPostsPerMinute: 10,
      publicOrigin: "https://gallery.example",
      maxUploadBytes: 1_048_576,
      settleEveryMs: 0,
      privateKey: key,
      sessionSecret: "a long random secret",
      c2pa: {
        certPath: "/srv/ipnft/secrets/c2pa-chain.pem",
        keyPath: "/run/secrets/c2pa-key.pem",
        trustAnchorsPath: "/etc/ipnft/c2pa-anchors.pem",
      },
    });
  });

  it("resolves relative directories against the repository root, wherever the process runs", () => {
    const config = readGatewayConfig(
      { DATA_DIR: "tmp/data", DEPLOYMENTS_DIR: "../shared/deployments" },
      { root: "/srv/ipnft" },
    );
    expect(config.dataDir).toBe("/srv/ipnft/tmp/data");
    expect(config.deploymentsDir).toBe("/srv/shared/deployments");
  });

  it("refuses a setting it cannot use, naming the variable", () => {
    expect(() => readGatewayConfig({ CHAIN_ID: "mainnet" })).toThrow(/CHAIN_ID/);
    expect(() => readGatewayConfig({ GATEWAY_MAX_UPLOAD_BYTES: "64MB" })).toThrow(/GATEWAY_MAX_UPLOAD_BYTES/);
    expect(() => readGatewayConfig({ GATEWAY_SETTLE_EVERY_MS: "-1" })).toThrow(/GATEWAY_SETTLE_EVERY_MS/);
    expect(() => readGatewayConfig({ GATEWAY_PRIVATE_KEY: "0x1234" })).toThrow(/GATEWAY_PRIVATE_KEY/);
    expect(() => readGatewayConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => readGatewayConfig({ GATEWAY_UPLOADS_PER_MINUTE: "0" })).toThrow(/GATEWAY_UPLOADS_PER_MINUTE/);
    expect(() => readGatewayConfig({ GATEWAY_SIMILAR_WINDOW_SECONDS: "0.5" })).toThrow(/GATEWAY_SIMILAR_WINDOW/);
    expect(() => readGatewayConfig({ GATEWAY_C2PA_CERT: "chain.pem" })).toThrow(/GATEWAY_C2PA_KEY go together/);
  });
});
