/**
 * Everything of the protocol that runs in a browser as well as in Node. The deployment file loader
 * (`@ipnft/protocol/deployment-file`) reads the file system, so it is left out: import it by its own path.
 */
export * from "./content/index";
export * from "./deployment";
export * from "./format";
export * from "./generated/abis";
export * from "./terms";
export * from "./terms-words";
export * from "./verbs/index";
export * from "./work-metadata";
export * from "./works";
