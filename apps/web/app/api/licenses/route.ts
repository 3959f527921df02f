import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The works the caller (signed request or SIWE session) is licensed for. */
export const GET = route((g, request) => g.licenses(request));
