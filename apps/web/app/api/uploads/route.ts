import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST multipart { file, metadata? }: store an original content-addressed; see lib/gateway/gateway.ts. */
export const POST = route((g, request) => g.upload(request));
