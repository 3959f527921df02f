/**
 * The protocol's verbs, written once with viem. A write verb returns a request (`{ address, abi, functionName,
 * args }`) for `walletClient.writeContract`, wagmi's `writeContract` or `simulateContract`; a `...Steps` verb returns
 * the ordered transactions of something that needs several (an approval, then the call); a read takes a public
 * client. Every verb takes the deployment, so no caller assembles an address.
 */
export * from "./currency";
export * from "./datasets";
export * from "./datasets-commitment";
export * from "./disputes";
export * from "./licenses";
export * from "./registration";
export * from "./request";
export * from "./shares";
export * from "./streams";
export * from "./terms";
export * from "./usage";
