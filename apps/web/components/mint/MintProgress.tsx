"use client";
import { type MintStep, mintStepWords, type StepState } from "@/hooks/works/mint-sequence";

const stateWords: Record<StepState, string> = {
  waiting: "waiting",
  doing: "in progress…",
  done: "done",
  failed: "failed",
};

/** The mint's steps and where each stands, once the mint has started. */
export function MintProgress({ shown, steps }: { shown: MintStep[]; steps: Partial<Record<MintStep, StepState>> }) {
  if (Object.keys(steps).length === 0) return null;
  return (
    <ol className="steps" aria-label="Progress">
      {shown.map((s) => (
        <li key={s} data-step={s} data-state={steps[s] ?? "waiting"}>
          {mintStepWords[s]}: {stateWords[steps[s] ?? "waiting"]}
        </li>
      ))}
    </ol>
  );
}
