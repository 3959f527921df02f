"use client";
import type { Deployment } from "@ipnft/protocol/deployment";
import { createContext, useContext } from "react";

export const DeploymentContext = createContext<Deployment | null>(null);

/** The deployment the server read for this request: addresses come from here and nowhere else. */
export function useDeployment(): Deployment {
  const deployment = useContext(DeploymentContext);
  if (!deployment) throw new Error("useDeployment needs the app's Providers");
  return deployment;
}
