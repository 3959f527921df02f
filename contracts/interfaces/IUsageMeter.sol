// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title IUsageMeter
 * @notice Settles metered usage of licenses. A licensee signs EIP-712 usage receipts naming itself and carrying
 * a cumulative unit counter of its own usage under the license; anyone (the gateway) submits them; settlement
 * charges the new units x the terms' price per unit from the signer and pays it into the IP's royalty pool.
 * Usage and debt belong to the account that signed, not to the token: a receipt signed before a transfer or a
 * burn is charged to its signer, never to a later owner, and what an account cannot pay is owed by that account
 * for the IP, whichever license it used. A receipt whose counter is not above the signer's last one is a no-op,
 * so replays cost nothing twice.
 *
 * EIP-712 domain: name "IPNFT UsageMeter", version "2", the chain id, verifyingContract = this contract.
 * Type: `UsageReceipt(uint256 licenseId,address licensee,uint64 cumulativeUnits)`.
 */
interface IUsageMeter {
    /// @notice What the licensee signs: all units it used under `licenseId` so far.
    struct UsageReceipt {
        uint256 licenseId;
        address licensee;
        uint64 cumulativeUnits;
    }

    /// @notice Usage one licensee reported and paid so far under one license, in units.
    struct Usage {
        uint64 reported;
        uint64 paid;
    }

    /// @notice Why {settleBatch} skipped a receipt (it settles the others).
    enum SkipReason {
        UnknownLicense, // no license was ever minted under this id
        NotMetered, // the license's terms have no price per unit
        NotLicensee, // the named licensee neither holds nor held the license
        InvalidSignature, // not the licensee's signature (an ERC-1271 signer that refuses, reverts or runs out of gas)
        AlreadyReported // the counter is not above the licensee's last one: a replayed or older receipt
    }

    /// @notice The counter of `licensee` under `licenseId` rose to `cumulativeUnits`.
    event UsageReported(uint256 indexed licenseId, address indexed licensee, uint64 cumulativeUnits);
    /// @notice `units` that `licensee` used under `licenseId` were paid for `amount`, into the IP's pool (or to its
    /// owner without shares).
    event UsagePaid(uint256 indexed licenseId, uint256 indexed ipId, address indexed licensee, uint64 units, uint256 amount);
    /// @notice `licensee` could not pay (allowance or balance): it owes `unpaidUnits` under `licenseId`.
    event UsagePaymentFailed(uint256 indexed licenseId, address indexed licensee, uint64 unpaidUnits);
    /// @notice A receipt was not settled, for `reason`.
    event SettleSkipped(uint256 indexed licenseId, address indexed licensee, uint64 cumulativeUnits, SkipReason reason);

    /// @notice No license was ever minted under `licenseId`.
    error UsageMeterUnknownLicense(uint256 licenseId);
    /// @notice `licensee` neither holds nor held license `licenseId`.
    error UsageMeterNotLicensee(uint256 licenseId, address licensee);
    /// @notice The signature is not `licensee`'s over this receipt.
    error UsageMeterInvalidSignature(uint256 licenseId, address licensee);
    /// @notice The license's terms have no price per unit.
    error UsageMeterNotMetered(uint256 licenseId);
    /// @notice Receipts and signatures differ in number, or there are more than a batch may hold.
    error UsageMeterInvalidBatch(uint256 receipts, uint256 signatures, uint256 max);
    /// @notice `licensee` owes nothing under `licenseId`.
    error UsageMeterNothingOwed(uint256 licenseId, address licensee);
    /// @notice Paying what is owed failed (allowance or balance).
    error UsageMeterPaymentFailed(uint256 licenseId, uint256 amount);

    /**
     * @notice Settles one receipt: records the counter and charges the new units (and any left unpaid before)
     * to the receipt's licensee. Returns the amount paid (0 for a replayed or older receipt, which emits
     * {SettleSkipped} with `AlreadyReported`, or when the payment failed and the units stay owed).
     * @dev Errors: {UsageMeterUnknownLicense}, {UsageMeterNotMetered}, {UsageMeterNotLicensee},
     * {UsageMeterInvalidSignature}.
     */
    function settle(UsageReceipt calldata receipt, bytes calldata signature) external returns (uint256 paid);

    /**
     * @notice Settles up to `MAX_BATCH` receipts: every valid one as {settle} does; each invalid one is skipped
     * with {SettleSkipped} naming why, so one bad receipt never blocks the others. Returns the total paid.
     * @dev Errors: {UsageMeterInvalidBatch}.
     */
    function settleBatch(UsageReceipt[] calldata receipts, bytes[] calldata signatures) external returns (uint256 paid);

    /**
     * @notice Pays everything `licensee` owes under `licenseId` (the caller pays; approve this contract first),
     * whether or not the license still exists.
     * @dev Errors: {UsageMeterNothingOwed}, {UsageMeterPaymentFailed}.
     */
    function payOutstanding(uint256 licenseId, address licensee) external returns (uint256 amount);

    /// @notice Units `licensee` reported but did not pay under `licenseId`.
    function unpaidUnits(uint256 licenseId, address licensee) external view returns (uint64);

    /// @notice Units `account` owes for `ipId`, under every license of it it holds or held: what metered access
    /// to the IP is measured against.
    function debtOf(uint256 ipId, address account) external view returns (uint256 units);

    /// @notice Units `licensee` reported and paid under `licenseId`.
    function usageOf(uint256 licenseId, address licensee) external view returns (Usage memory);

    /// @notice The EIP-712 digest the licensee signs for `receipt`.
    function receiptDigest(UsageReceipt calldata receipt) external view returns (bytes32);
}
