// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title ILicenseToken
 * @notice Licenses as ERC-721 tokens: an IP owner offers license terms for their IP, buyers pay the upfront
 * fee and receive a token recording the IP, the terms, and when the license starts and ends.
 * `hasAccess` is the one question the gateway, the app and the other contracts ask.
 */
interface ILicenseToken {
    /// @notice What a license may be checked for.
    enum Use {
        AiTraining,
        Commercial,
        Derivative
    }

    /// @notice A sold license. `expiry` is 0 for a license that never expires.
    struct License {
        uint64 ipId;
        uint32 termsId;
        uint40 start;
        uint40 expiry;
    }

    /// @notice The offer of licenses for one IP under one set of terms.
    struct Offer {
        bool attached;
        bool salesStopped;
        uint32 sold;
    }

    /// @notice The owner of `ipId` offers licenses under `termsId`.
    event TermsAttached(uint256 indexed ipId, uint256 indexed termsId);
    /// @notice No new license of `ipId` can be bought under `termsId`; sold ones are untouched.
    event SalesStopped(uint256 indexed ipId, uint256 indexed termsId);
    /// @notice Licenses of `ipId` under `termsId` are on sale again.
    event SalesResumed(uint256 indexed ipId, uint256 indexed termsId);
    /// @notice `licensee` bought license `licenseId` of `ipId` under `termsId` for `fee` (the upfront fee plus, for
    /// streamed terms, the prepaid stream period), valid from `start` to `expiry`.
    event LicensePurchased(
        uint256 indexed licenseId,
        uint256 indexed ipId,
        uint256 indexed termsId,
        address licensee,
        uint256 fee,
        uint40 start,
        uint40 expiry
    );

    /// @notice License `licenseId` was used to register derivative `derivativeIpId` by `licensee`; it makes no other.
    event DerivativeLicenseUsed(uint256 indexed licenseId, uint256 indexed derivativeIpId, address indexed licensee);

    /// @notice Only the IP's owner may do this.
    error LicenseTokenNotIPOwner(uint256 ipId, address caller);
    /// @notice No terms are registered under `termsId`.
    error LicenseTokenUnknownTerms(uint256 termsId);
    /// @notice These terms are already attached to this IP.
    error LicenseTokenTermsAlreadyAttached(uint256 ipId, uint256 termsId);
    /// @notice These terms are not attached to this IP.
    error LicenseTokenTermsNotAttached(uint256 ipId, uint256 termsId);
    /// @notice The IP has as many attached terms as it may have.
    error LicenseTokenTooManyTerms(uint256 ipId, uint256 max);
    /// @notice The owner stopped sales under these terms.
    error LicenseTokenSalesStopped(uint256 ipId, uint256 termsId);
    /// @notice Sales under these terms are already open.
    error LicenseTokenSalesAlreadyOpen(uint256 ipId, uint256 termsId);
    /// @notice Every license these terms allow for this IP has been sold.
    error LicenseTokenCapReached(uint256 ipId, uint256 termsId, uint256 cap);
    /// @notice The fee is above what the buyer agreed to pay.
    error LicenseTokenFeeAboveMax(uint256 fee, uint256 maxFee);
    /// @notice The terms of this license forbid transferring it.
    error LicenseTokenNotTransferable(uint256 licenseId);
    /// @notice `account` already holds as many licenses of this IP as one account may.
    error LicenseTokenHolderFull(address account, uint256 ipId, uint256 max);
    /// @notice `use` is not one of AiTraining (0), Commercial (1), Derivative (2).
    error LicenseTokenUnknownUse(uint8 use);
    /// @notice Streamed licenses need the IP's revenue shares (and so its royalty pool) to be enabled.
    error LicenseTokenStreamNeedsShares(uint256 ipId);
    /// @notice Only the IP registry may do this.
    error LicenseTokenUnauthorized(address caller);
    /// @notice This license made its derivative and stays with that derivative's creator.
    error LicenseTokenUsedForDerivative(uint256 licenseId);
    /// @notice `receiver` already holds as many licenses of this IP as transfers may bring it: the remaining lanes
    /// are kept for licenses it buys itself, so others' transfers can never lock it out of a purchase.
    error LicenseTokenReceiverFull(address receiver, uint256 ipId, uint256 maxByTransfer);

    /**
     * @notice Offers licenses of `ipId` under `termsId`. Several terms may be attached to one IP.
     * @dev Errors: {LicenseTokenNotIPOwner}, {LicenseTokenUnknownTerms}, {LicenseTokenTermsAlreadyAttached},
     * {LicenseTokenTooManyTerms}; ERC721NonexistentToken for an unknown IP.
     */
    function attachTerms(uint256 ipId, uint256 termsId) external;

    /**
     * @notice Attaches `termsIds` to the just-registered `ipId` on behalf of its `owner`. Only the IP registry calls this.
     * @dev Errors: {LicenseTokenUnauthorized}, and those of {attachTerms}.
     */
    function attachTermsAtRegistration(uint256 ipId, address owner, uint256[] calldata termsIds) external;

    /**
     * @notice Stops new sales of `ipId` licenses under `termsId`. Licenses already sold keep their terms.
     * @dev Errors: {LicenseTokenNotIPOwner}, {LicenseTokenTermsNotAttached}, {LicenseTokenSalesStopped} if already stopped.
     */
    function stopSales(uint256 ipId, uint256 termsId) external;

    /**
     * @notice Opens sales again after {stopSales}.
     * @dev Errors: {LicenseTokenNotIPOwner}, {LicenseTokenTermsNotAttached}, {LicenseTokenSalesAlreadyOpen}.
     */
    function resumeSales(uint256 ipId, uint256 termsId) external;

    /**
     * @notice Buys a license of `ipId` under `termsId`: pays the upfront fee plus, for streamed terms, the
     * prepaid stream period (`minStreamRate x minStreamPeriod`) in the SuperToken (the caller must have approved
     * this contract for it) and mints the license token to the caller. Paid into the IP's pool, the part of the
     * payment that is not a whole multiple of the pool's units (which Superfluid cannot distribute) is returned.
     * @param maxFee The most the caller agrees to pay, prepaid stream included; guards against a changed price.
     * @dev Errors: {LicenseTokenTermsNotAttached}, {LicenseTokenSalesStopped}, {LicenseTokenCapReached},
     * {LicenseTokenFeeAboveMax}, {LicenseTokenHolderFull}, {LicenseTokenStreamNeedsShares},
     * RoyaltyPoolsDerivativeWithoutShares; the SuperToken's errors if the payment fails.
     * @return licenseId The new license token's id (ids start at 1).
     */
    function buyLicense(uint256 ipId, uint256 termsId, uint256 maxFee) external returns (uint256 licenseId);

    /**
     * @notice Whether `account` may use `ipId` for `use` (0 AI training, 1 commercial, 2 derivative) right now:
     * it owns an unexpired license of `ipId` whose terms allow that use, and the license's payment conditions
     * are met: for streamed terms, `account` streams into the IP's pool at no less than the minimum rate and its
     * SuperToken account is not critical; for metered terms, the units `account` owes for `ipId`, under all its
     * licenses of it (held, transferred or burned), are within the terms' `maxUnpaidUnits`.
     * @dev Errors: {LicenseTokenUnknownUse} for a `use` above 2.
     */
    function hasAccess(uint256 ipId, address account, uint8 use) external view returns (bool);

    /**
     * @notice A license of `ipId` owned by `account` that grants `use` now, or 0 if there is none.
     * @dev Errors: {LicenseTokenUnknownUse}.
     */
    function findLicense(uint256 ipId, address account, uint8 use) external view returns (uint256 licenseId);

    /// @notice Whether license `licenseId`, held by its current owner, grants `use` now (false for an unknown id).
    function licenseGrants(uint256 licenseId, Use use) external view returns (bool);

    /**
     * @notice Uses license `licenseId` of `account` to register derivative `derivativeIpId`, if it may make one
     * now: held by `account`, unexpired, paid up, allowing derivatives and not used before. Returns the parent IP
     * and the royalty share the derivative owes it. A used license grants derivatives no more and cannot be
     * transferred (it may still be burned); it keeps its other uses. Only the IP registry calls this.
     * @dev Errors: {LicenseTokenUnauthorized}. Emits {DerivativeLicenseUsed} when `ok`.
     */
    function useForDerivative(uint256 licenseId, address account, uint256 derivativeIpId)
        external
        returns (bool ok, uint256 parentIpId, uint16 royaltyBps);

    /**
     * @notice What the usage meter needs to charge a receipt of `licensee` under `licenseId`: the license's IP
     * and terms, burned or not, and whether `licensee` holds it or held it before (metered licenses remember
     * their past holders, so a receipt signed before a transfer or a burn stays chargeable to its signer).
     * `ipId` is 0 for a license that was never minted.
     */
    function meteringOf(uint256 licenseId, address licensee)
        external
        view
        returns (uint256 ipId, uint256 termsId, bool heldByLicensee);

    /// @notice The licenses of `ipId` that `account` owns (at most `MAX_LICENSES_PER_HOLDER`).
    function licensesOf(uint256 ipId, address account) external view returns (uint256[] memory);

    /// @notice What license `licenseId` records. Reverts with ERC721NonexistentToken for an unknown id.
    function getLicense(uint256 licenseId) external view returns (License memory);

    /// @notice The offer of `ipId` licenses under `termsId`.
    function getOffer(uint256 ipId, uint256 termsId) external view returns (Offer memory);

    /// @notice The terms attached to `ipId`, in the order they were attached.
    function attachedTerms(uint256 ipId) external view returns (uint256[] memory);
}
