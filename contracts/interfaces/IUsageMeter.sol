// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title IUsageMeter
 * @notice Settles metered usage of licenses. The licensee signs EIP-712 usage receipts carrying a cumulative
 * unit counter; anyone (the gateway) submits them; settlement charges the new units x the terms' price per unit
 * from the licensee and pays it into the IP's royalty pool. A receipt whose counter is not above the last one
 * reported is a no-op, so replays cost nothing twice.
 *
 * EIP-712 domain: name "IPNFT UsageMeter", version "1", the chain id, verifyingContract = this contract.
 * Type: `UsageReceipt(uint256 licenseId,uint64 cumulativeUnits)`.
 */
interface IUsageMeter {
    /// @notice What the licensee signs: all units used under `licenseId` so far.
    struct UsageReceipt {
        uint256 licenseId;
        uint64 cumulativeUnits;
    }

    /// @notice Usage reported and paid so far under one license, in units.
    struct Usage {
        uint64 reported;
        uint64 paid;
    }

    /// @notice The counter of `licenseId` rose to `cumulativeUnits`.
    event UsageReported(uint256 indexed licenseId, uint64 cumulativeUnits);
    /// @notice `units` of `licenseId` were paid for `amount`, into the IP's pool (or to its owner without shares).
    event UsagePaid(uint256 indexed licenseId, uint256 indexed ipId, uint64 units, uint256 amount);
    /// @notice The licensee could not pay (allowance or balance): `unpaidUnits` stay owed.
    event UsagePaymentFailed(uint256 indexed licenseId, uint64 unpaidUnits);

    /// @notice The signature is not the license owner's over this receipt.
    error UsageMeterInvalidSignature(uint256 licenseId, address licensee);
    /// @notice The license's terms have no price per unit.
    error UsageMeterNotMetered(uint256 licenseId);
    /// @notice Receipts and signatures differ in number, or there are more than a batch may hold.
    error UsageMeterInvalidBatch(uint256 receipts, uint256 signatures, uint256 max);
    /// @notice Nothing is owed on this license.
    error UsageMeterNothingOwed(uint256 licenseId);
    /// @notice Paying what is owed failed (allowance or balance).
    error UsageMeterPaymentFailed(uint256 licenseId, uint256 amount);

    /**
     * @notice Settles one receipt: records the counter and charges the new units. Returns the amount paid
     * (0 for a replayed or older receipt, or when the payment failed and the units stay owed).
     * @dev Errors: {UsageMeterInvalidSignature}, {UsageMeterNotMetered}; ERC721NonexistentToken for an unknown license.
     */
    function settle(UsageReceipt calldata receipt, bytes calldata signature) external returns (uint256 paid);

    /// @notice Settles up to `MAX_BATCH` receipts. Errors: {UsageMeterInvalidBatch}, and those of {settle}.
    function settleBatch(UsageReceipt[] calldata receipts, bytes[] calldata signatures) external returns (uint256 paid);

    /**
     * @notice Pays everything owed on `licenseId` (the caller pays; approve this contract first).
     * @dev Errors: {UsageMeterNothingOwed}, {UsageMeterPaymentFailed}.
     */
    function payOutstanding(uint256 licenseId) external returns (uint256 amount);

    /// @notice Units reported but not paid under `licenseId`.
    function unpaidUnits(uint256 licenseId) external view returns (uint64);

    /// @notice Units reported and paid under `licenseId`.
    function usageOf(uint256 licenseId) external view returns (Usage memory);

    /// @notice The EIP-712 digest the licensee signs for `receipt`.
    function receiptDigest(UsageReceipt calldata receipt) external view returns (bytes32);
}
