import { parseIpId } from "@ipnft/protocol/works";
import type { WorkCredentialsAnswer } from "../api";
import type { GatewayContext } from "../context";
import { errorResponse, jsonResponse } from "../http";

/**
 * GET /api/works/:ipId/credentials: the content credentials read from the work's original when it was uploaded here,
 * and what the certificate's `c2paManifestHash` commits to: that manifest store (`matches`), another one or one this
 * gateway never validated (`differs`), nothing (`none`), or a file this gateway does not hold (`unknown`). Public, as
 * the certificate is.
 */
export async function workCredentials(ctx: GatewayContext, _request: Request, { ipId: text }: Params) {
  const ipId = parseIpId(text);
  const certificate = ipId === undefined ? undefined : await ctx.reader.certificate(ipId);
  if (!certificate) return errorResponse(404, "unknown_work", `No work is registered as IP ${text}.`);
  const credentials = (await ctx.credentials.of(certificate.cid)) ?? null;
  const recorded = /^0x0{64}$/i.test(certificate.c2paManifestHash) ? null : certificate.c2paManifestHash;
  const commitment: WorkCredentialsAnswer["commitment"] =
    recorded === null
      ? "none"
      : credentials === null
        ? "unknown"
        : credentials.state === "valid" && credentials.manifestHash.toLowerCase() === recorded.toLowerCase()
          ? "matches"
          : "differs";
  const answer: WorkCredentialsAnswer = {
    ipId: certificate.ipId,
    cid: certificate.cid,
    certificateManifestHash: recorded,
    commitment,
    credentials,
  };
  return jsonResponse(200, answer);
}

type Params = Record<string, string>;
