export { cidBytes, cidText, parseCid } from "./cid";
export { type FileIdentity, identifyFile, rawCidOf } from "./identify";
export { CHUNK_SIZE, MAX_LINKS_PER_NODE } from "./unixfs";
