"use client";
import { type FileIdentity, identifyFile } from "@ipnft/protocol/content";
import { ipIdOfContentHash } from "@ipnft/protocol/verbs";
import { useEffect, useState } from "react";
import { usePublicClient } from "wagmi";
import { explainError } from "@/lib/errors";
import { findSimilar, type SimilarWorks } from "@/lib/gateway-client";
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
  /** Registered works an image looks like (not the same bytes), nearest first: flagged before anything is sent. */
  similar?: SimilarWorks["matches"];
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
      if (!existing && file.type.startsWith("image/")) {
        // Only a flag: the gateway decides on upload. A search that fails leaves the form as it was.
        const found = await findSimilar(file).catch(() => undefined);
        if (found?.matches.length) update({ similar: found.matches });
      }
      return null;
    } catch (error) {
      return `The file could not be read: ${explainError(error)}`;
    }
  };

  return { picked, pick };
}
