#!/usr/bin/env node
// The package ships its TypeScript sources (no build step): tsx compiles them as they load.
import { register } from "tsx/esm/api";

register();
await import("../src/mcp/main.ts");
