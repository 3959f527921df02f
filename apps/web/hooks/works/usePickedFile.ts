"use client";
import { type FileIdentity, identifyFile } from "@ipnft/protocol/content";
import { ipIdOfContentHash } from "@ipnft/protocol/verbs";
import { useEffect, useState } from "react";
import { usePublicClient } from "wagmi";
import { explainError } from "@/lib/errors";
import { useDeployment } from "../useDeployment";

export interface PickedFile {
  file: File;
  /** A local object URL of the file, for its thumbnail. */
  localUrl: string;
  /** 0..1 while hashing. */
  progress: number;
  identity?: FileIdentity;
  /** The IP these bytes are already registered as. */
  existing?: bigint;
}

/**
 * The file an artist picked: hashed in the browser (SHA-256 and CIDv1, with progress) and looked up on chain, so a
 * file that already has a birth certificate is named before anything is sent.
 */
export function usePickedFile() {
  const client = usePublicClient();
  const deployment = useDeployment();
  const [picked, setPicked] = useState<PickedFile | null>(null);

  const localUrl = picked?.localUrl;
  useEffect(() => () => (localUrl ? URL.revokeObjectURL(localUrl) : undefined), [localUrl]);

  /** Picks `file`; resolves to a problem in words when it cannot be read. */
  const pick = async (file: File): Promise<string | null> => {
    const localUrl = URL.createObjectURL(file);
    setPicked({ file, progress: 0, localUrl });
    const update = (change: Partial<PickedFile>) => setPicked((p) => (p && p.file === file ? { ...p, ...change } : p));
    try {
      const identity = await identifyFile(new Uint8Array(await file.arrayBuffer()), (progress) => update({ progress }));
      const existing =
        client && deployment.contracts.IPRegistry ? await ipIdOfContentHash(client, deployment, identity.sha256) : 0n;
      update({ identity, progress: 1, existing: existing || undefined });
      return null;
    } catch (error) {
      return `The file could not be read: ${explainError(error)}`;
    }
  };

  return { picked, pick };
}
