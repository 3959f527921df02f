import { webcrypto } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as x509 from "@peculiar/x509";
import { type ClaimSigner, es256ClaimSigner } from "./cose";

/**
 * The gateway's C2PA signing identity: an ES256 (P-256) certificate chain and its private key, as PEM files. In
 * production they come from `GATEWAY_C2PA_CERT` (the chain, leaf first) and `GATEWAY_C2PA_KEY` (PKCS#8); for
 * `npm run dev` and the test stacks, `developmentIdentity` makes a local CA and a leaf signed by it, once per data dir.
 * Readers trust the gateway's manifests when its CA is among their trust anchors (`GATEWAY_C2PA_TRUST_ANCHORS`).
 */
export interface SigningIdentity {
  /** The certificate chain, PEM, leaf first. */
  chainPem: string;
  /** The leaf's private key, PKCS#8 PEM. */
  keyPem: string;
}

export interface GatewaySigner {
  signer: ClaimSigner;
  /** The leaf certificate's subject, for logs and the work page. */
  subject: string;
}

const ecdsa = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
x509.cryptoProvider.set(webcrypto as Crypto);

/** The claim signer for an identity: refuses a chain or key it cannot use, with the reason. */
export async function loadSigner(identity: SigningIdentity): Promise<GatewaySigner> {
  const blocks = identity.chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error("the C2PA certificate file holds no PEM certificate");
  const chain = blocks.map((block) => new x509.X509Certificate(block));
  const der = x509.PemConverter.decode(identity.keyPem)[0];
  if (!der) throw new Error("the C2PA key file holds no PEM private key");
  const key = await webcrypto.subtle.importKey("pkcs8", der, ecdsa, false, ["sign"]).catch(() => {
    throw new Error("the C2PA key must be a P-256 (ES256) private key in PKCS#8 PEM");
  });
  return {
    signer: es256ClaimSigner(
      key,
      chain.map((c) => new Uint8Array(c.rawData)),
    ),
    subject: chain[0].subject,
  };
}

/** Reads an identity from its two PEM files (`GATEWAY_C2PA_CERT`, `GATEWAY_C2PA_KEY`). */
export async function readIdentity(certPath: string, keyPath: string): Promise<SigningIdentity> {
  return { chainPem: await readFile(certPath, "utf8"), keyPem: await readFile(keyPath, "utf8") };
}

/** The files a development identity is kept in, under its directory. */
export function developmentFiles(dir: string) {
  return {
    cert: path.join(dir, "gateway-chain.pem"),
    key: path.join(dir, "gateway-key.pem"),
    anchor: path.join(dir, "dev-ca.pem"),
  };
}

/**
 * A development CA and a gateway certificate it signed, written to `dir` (chain, key, and the CA as the trust anchor)
 * unless they are there already: a restarted `npm run dev` keeps its identity, so files it served stay verifiable.
 * For local use only: the CA's key is discarded, and nobody else trusts it.
 */
export async function developmentIdentity(dir: string): Promise<SigningIdentity & { anchorPem: string }> {
  const files = developmentFiles(dir);
  try {
    const [chainPem, keyPem, anchorPem] = await Promise.all(
      [files.cert, files.key, files.anchor].map((f) => readFile(f, "utf8")),
    );
    return { chainPem, keyPem, anchorPem };
  } catch {
    // Not made yet: make it.
  }
  const made = await makeDevelopmentIdentity();
  await mkdir(dir, { recursive: true });
  await writeFile(files.cert, made.chainPem);
  await writeFile(files.key, made.keyPem, { mode: 0o600 });
  await writeFile(files.anchor, made.anchorPem);
  return made;
}

/** A fresh CA and leaf, in memory: the test stacks' and `developmentIdentity`'s. */
export async function makeDevelopmentIdentity(
  names: { ca?: string; leaf?: string } = {},
): Promise<SigningIdentity & { anchorPem: string }> {
  const notBefore = new Date(Date.now() - 24 * 3600_000);
  const notAfter = new Date(Date.now() + 2 * 365 * 24 * 3600_000);
  const caKeys = await webcrypto.subtle.generateKey(ecdsa, true, ["sign", "verify"]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: names.ca ?? "CN=IP-NFT gateway development CA, O=IP-NFT development",
    notBefore,
    notAfter,
    signingAlgorithm: ecdsa,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leafKeys = await webcrypto.subtle.generateKey(ecdsa, true, ["sign", "verify"]);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: names.leaf ?? "CN=IP-NFT gateway (development), O=IP-NFT development",
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: ecdsa,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      // C2PA requires a signing EKU; email protection is the one its trust lists accept from any CA.
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.emailProtection], false),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey);
  return {
    chainPem: `${leaf.toString("pem")}\n${ca.toString("pem")}\n`,
    keyPem: `${x509.PemConverter.encode(pkcs8, "PRIVATE KEY")}\n`,
    anchorPem: `${ca.toString("pem")}\n`,
  };
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(8));
  bytes[0] &= 0x7f; // positive
  return Buffer.from(bytes).toString("hex");
}
