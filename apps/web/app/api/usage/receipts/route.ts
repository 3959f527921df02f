import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Signed cumulative usage receipts from the licensee. */
export const POST = route((g, request) => g.submitReceipts(request));
