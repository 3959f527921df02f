import { route } from "@/lib/gateway/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST { message, signature }: Sign-In with Ethereum; answers with a session cookie. */
export const POST = route((g, request) => g.authSignIn(request));
