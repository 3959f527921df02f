import type { SimilarityRefusal } from "./similarity/answer";

/** The gateway's refusals on the wire: every error code and the bodies that carry their own fields (re-exported by api.ts). */

/** Why a request signature (`Authorization: EIP712 ...`) was refused. */
export type SignatureFailure =
  | "malformed_signature"
  | "signature_expired"
  | "signature_lifetime_too_long"
  | "signature_from_the_future"
  | "forged_signature"
  | "signature_not_canonical"
  | "replayed_signature";

/** Why a Sign-In with Ethereum message was refused. */
export type SignInFailure =
  | "malformed_siwe"
  | "siwe_rejected"
  | "unknown_nonce"
  | "forged_signature"
  | "signature_not_canonical";

/** Why an upload's bytes were refused as a type the gateway does not store. */
export type TypeRefusal = "unsupported_type" | "type_mismatch";

/** Every `error` code the gateway answers with, beside a `reason` in words. */
export type ErrorCode =
  // who is asking
  | "authentication_required"
  | "unsupported_authorization"
  | SignatureFailure
  | SignInFailure
  // uploads
  | "multipart_required"
  | "malformed_upload"
  | "missing_file"
  | "empty_file"
  | "file_too_large"
  | "upload_quota_exceeded"
  | "too_many_requests"
  | TypeRefusal
  | "unreadable_image"
  | SimilarityRefusal
  | "empty_metadata"
  | "metadata_too_large"
  | "metadata_not_json"
  // license documents
  | "malformed_cid"
  | "unknown_legal_document"
  // reads and downloads
  | "not_found"
  | "method_not_allowed"
  | "unknown_work"
  | "unknown_use"
  | "no_tdm_offer"
  | "content_not_stored"
  | "content_mismatch"
  | "range_not_satisfiable"
  | "license_required"
  | "license_does_not_cover"
  | "usage_receipt_required"
  // datasets
  | "not_a_dataset"
  | "not_a_member"
  | "member_removed"
  // x402 pay per file
  | "payment_refused"
  // metering
  | "metering_unavailable"
  | "malformed_receipts"
  | "receipts_too_large"
  // the gateway itself
  | "not_deployed"
  | "gateway_unavailable"
  | "database_unavailable"
  | "chain_unreachable"
  | "internal_error";

/** Every refusal: a stable code a program branches on and a sentence a person reads, plus the code's own fields. */
export interface ErrorBody {
  error: ErrorCode;
  reason: string;
}

/** 413 `file_too_large`. */
export interface FileTooLarge extends ErrorBody {
  maxBytes: number;
}

/** 416 `range_not_satisfiable`. */
export interface RangeNotSatisfiable extends ErrorBody {
  size: number;
}

/** 415 `type_mismatch`: what the bytes are and what the client said they were. */
export interface TypeMismatch extends ErrorBody {
  sniffed: string;
  declared: string;
}

// ------------------------------------------------------------------------------------------------ uploads
