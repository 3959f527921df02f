import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Abi, Address, Hex } from "viem";

/** The parts of a Hardhat artifact a deployment needs. */
export interface Artifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
  linkReferences: Record<string, Record<string, { start: number; length: number }[]>>;
  /** The runtime code (ours: Hardhat writes it), and where the constructor writes immutables into it. */
  deployedBytecode?: Hex;
  immutableReferences?: Record<string, { start: number; length: number }[]>;
}

/**
 * Whether `onChain` is the artifact's runtime code: byte for byte, except the immutables the constructor wrote (the
 * addresses a contract was deployed with). A different compilation (changed source, settings or compiler) differs,
 * at least in the metadata hash solc appends.
 */
export function codeMatchesArtifact(onChain: Hex | undefined, artifact: Artifact): boolean {
  if (!onChain || !artifact.deployedBytecode) return false;
  const mask = (code: string) => {
    let out = code.toLowerCase();
    for (const places of Object.values(artifact.immutableReferences ?? {})) {
      for (const { start, length } of places) {
        out = out.slice(0, start * 2) + "00".repeat(length) + out.slice((start + length) * 2);
      }
    }
    return out;
  };
  const want = artifact.deployedBytecode.slice(2);
  const have = onChain.slice(2);
  return want.length === have.length && mask(want) === mask(have);
}

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** An artifact of the real Superfluid protocol, compiled and shipped by its npm package. */
export function superfluidArtifact(relativePath: string): Artifact {
  return require(`@superfluid-finance/ethereum-contracts/build/hardhat/contracts/${relativePath}.json`) as Artifact;
}

/** An artifact of one of our contracts, as `hardhat compile` wrote it. */
export function ourArtifact(sourceName: string, contractName: string): Artifact {
  const file = path.join(repoRoot, "artifacts", sourceName, `${contractName}.json`);
  return JSON.parse(readFileSync(file, "utf8")) as Artifact;
}

/**
 * Writes library addresses into an artifact's bytecode at the offsets its linkReferences give.
 * Throws when a library it needs has not been deployed yet, so the deploy order stays honest.
 */
export function linkBytecode(artifact: Artifact, libraries: Record<string, Address>): Hex {
  let code = artifact.bytecode.slice(2);
  for (const refs of Object.values(artifact.linkReferences)) {
    for (const [name, places] of Object.entries(refs)) {
      const address = libraries[name];
      if (!address) throw new Error(`${artifact.contractName} needs library ${name}, which is not deployed`);
      for (const { start, length } of places) {
        code = code.slice(0, start * 2) + address.slice(2).toLowerCase() + code.slice((start + length) * 2);
      }
    }
  }
  return `0x${code}`;
}
