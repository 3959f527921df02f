import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST a metadata JSON object: stored content-addressed, answered with its CID. */
export const POST = route((g, request) => g.storeMetadata(request));
