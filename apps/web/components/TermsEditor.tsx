"use client";
import type { Money, Terms } from "@ipnft/protocol/terms";
import { SECONDS_PER_DAY, SECONDS_PER_MONTH } from "@ipnft/protocol/terms-words";
import { parseUnits } from "viem";
import { TermsList } from "./TermsList";
import { LegalDocumentUpload } from "./terms/LegalDocumentUpload";

/** Custom terms as a person types them: money in whole tokens, time in days, shares in percent. */
export interface TermsDraft {
  aiTrainingAllowed: boolean;
  commercialUse: boolean;
  derivativesAllowed: boolean;
  attributionRequired: boolean;
  transferable: boolean;
  durationDays: string;
  maxLicenses: string;
  derivativeRoyaltyPct: string;
  upfrontFee: string;
  streamPerMonth: string;
  /** Days of the minimum stream a licensee prepays when buying (required with a stream). */
  prepaidStreamDays: string;
  pricePerFile: string;
  maxUnpaidFiles: string;
  legalTextURI: string;
}

export const defaultDraft: TermsDraft = {
  aiTrainingAllowed: true,
  commercialUse: false,
  derivativesAllowed: false,
  attributionRequired: true,
  transferable: false,
  durationDays: "365",
  maxLicenses: "10",
  derivativeRoyaltyPct: "0",
  upfrontFee: "50",
  streamPerMonth: "0",
  prepaidStreamDays: "7",
  pricePerFile: "0",
  maxUnpaidFiles: "0",
  legalTextURI: "urn:ipnft:terms:custom:v1",
};

/** Turns a draft into on-chain terms, or says in plain words which field is wrong. */
export function draftToTerms(
  d: TermsDraft,
  currency: `0x${string}`,
  decimals: number,
): { terms: Terms } | { problem: string } {
  const whole = (text: string, what: string) => {
    if (!/^\d+$/.test(text.trim())) throw new Error(`${what} must be a whole number.`);
    return Number(text.trim());
  };
  const amount = (text: string, what: string) => {
    try {
      const v = parseUnits(text.trim() || "0", decimals);
      if (v < 0n) throw new Error();
      return v;
    } catch {
      throw new Error(`${what} must be an amount such as 10 or 2.5.`);
    }
  };
  try {
    if (!d.aiTrainingAllowed && !d.commercialUse && !d.derivativesAllowed) {
      return { problem: "Allow at least one use: AI training, commercial use or derivatives." };
    }
    const pct = Number(d.derivativeRoyaltyPct || "0");
    if (!Number.isFinite(pct) || pct < 0 || pct > 100)
      return { problem: "The derivative royalty is a percentage between 0 and 100." };
    if (pct > 0 && !d.derivativesAllowed)
      return { problem: "A derivative royalty only makes sense when derivatives are allowed." };
    const perMonth = amount(d.streamPerMonth, "The monthly stream");
    const minStreamRate = perMonth / BigInt(SECONDS_PER_MONTH);
    const prepaidDays = Number(d.prepaidStreamDays || "0");
    if (!Number.isFinite(prepaidDays) || prepaidDays < 0) return { problem: "The prepaid stream is a number of days." };
    if (minStreamRate > 0n && prepaidDays <= 0) {
      return { problem: "A streamed license needs a prepaid period of at least part of a day." };
    }
    const pricePerUnit = amount(d.pricePerFile, "The price per file");
    const maxUnpaid = whole(d.maxUnpaidFiles || "0", "Unpaid files allowed");
    if (maxUnpaid > 0 && pricePerUnit === 0n) return { problem: "Set a price per file before limiting unpaid files." };
    if (!d.legalTextURI.trim()) {
      return { problem: "Name the legal text of the license (upload a document, or give a URL or URN)." };
    }
    return {
      terms: {
        commercialUse: d.commercialUse,
        derivativesAllowed: d.derivativesAllowed,
        aiTrainingAllowed: d.aiTrainingAllowed,
        attributionRequired: d.attributionRequired,
        transferable: d.transferable,
        duration: Math.round(Number(d.durationDays || "0") * SECONDS_PER_DAY),
        maxLicenses: whole(d.maxLicenses || "0", "The number of licenses"),
        derivativeRoyaltyBps: Math.round(pct * 100),
        minStreamRate,
        minStreamPeriod: minStreamRate > 0n ? Math.round(prepaidDays * SECONDS_PER_DAY) : 0,
        upfrontFee: amount(d.upfrontFee, "The upfront fee"),
        currency,
        pricePerUnit,
        maxUnpaidUnits: BigInt(maxUnpaid),
        legalTextURI: d.legalTextURI.trim(),
      },
    };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** Edits custom terms, showing them in plain words as they change. */
export function TermsEditor({
  draft,
  onChange,
  currency,
  superToken,
}: {
  draft: TermsDraft;
  onChange: (d: TermsDraft) => void;
  currency: Money;
  superToken: `0x${string}`;
}) {
  const set = <K extends keyof TermsDraft>(key: K, value: TermsDraft[K]) => onChange({ ...draft, [key]: value });
  const check = (
    key: "aiTrainingAllowed" | "commercialUse" | "derivativesAllowed" | "attributionRequired" | "transferable",
    words: string,
  ) => (
    <label className="check">
      <input type="checkbox" checked={draft[key]} onChange={(e) => set(key, e.target.checked)} /> {words}
    </label>
  );
  const text = (
    key: Exclude<
      keyof TermsDraft,
      "aiTrainingAllowed" | "commercialUse" | "derivativesAllowed" | "attributionRequired" | "transferable"
    >,
    words: string,
    mode: "decimal" | "numeric" | "text" = "decimal",
  ) => (
    <label>
      {words}
      <input inputMode={mode} value={draft[key]} onChange={(e) => set(key, e.target.value)} />
    </label>
  );
  const result = draftToTerms(draft, superToken, currency.decimals);
  return (
    <fieldset className="terms-editor">
      <legend>Your own terms</legend>
      <div className="checks">
        {check("aiTrainingAllowed", "Allow AI training")}
        {check("commercialUse", "Allow commercial use")}
        {check("derivativesAllowed", "Allow derivatives")}
        {check("attributionRequired", "Require credit")}
        {check("transferable", "License can be passed on")}
      </div>
      <div className="grid-fields">
        {text("upfrontFee", `Upfront fee (${currency.symbol})`)}
        {text("streamPerMonth", `Stream, at least (${currency.symbol} a month)`)}
        {text("prepaidStreamDays", "Days of stream prepaid at purchase")}
        {text("pricePerFile", `Price per file served (${currency.symbol})`)}
        {text("maxUnpaidFiles", "Unpaid files before access pauses", "numeric")}
        {text("durationDays", "Days a license lasts (0 = forever)", "numeric")}
        {text("maxLicenses", "Licenses on offer (0 = no limit)", "numeric")}
        {text("derivativeRoyaltyPct", "Derivative royalty (%)")}
        {text("legalTextURI", "Legal text (ipfs://, URL or URN)", "text")}
      </div>
      <LegalDocumentUpload onUploaded={(uri) => set("legalTextURI", uri)} />
      <h4>In plain words</h4>
      {"terms" in result ? (
        <TermsList terms={result.terms} currency={currency} />
      ) : (
        <p role="alert" className="problem">
          {result.problem}
        </p>
      )}
    </fieldset>
  );
}
