// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title ILicenseTerms
 * @notice License terms written on chain, registered once and referenced by id. Two registrations of the
 * same terms return the same id (deduplicated by the hash of their ABI encoding), so an id names one
 * immutable set of terms forever: terms under which a license was sold never change.
 */
interface ILicenseTerms {
    /**
     * @notice What a license under these terms allows, and what it costs.
     * @dev Stored in two words plus the legal text (see {LicenseTerms}): `currency` is always the deployment's
     * SuperToken, so it is not stored per terms.
     * @param commercialUse The licensee may use the work commercially.
     * @param derivativesAllowed The licensee may register derivatives of the work.
     * @param aiTrainingAllowed The licensee may train AI models on the work (enforced on chain by `hasAccess`).
     * @param attributionRequired The licensee must credit the creator.
     * @param transferable The license token may change hands.
     * @param duration Seconds a license lasts from its purchase; 0 means it never expires.
     * @param maxLicenses How many licenses may be sold per IP under these terms; 0 means no cap.
     * @param derivativeRoyaltyBps Share of a derivative's income owed to this work, in basis points.
     * @param minStreamRate Royalty stream (SuperToken wei per second) a licensee must keep flowing into the
     * work's royalty pool for access; 0 means no stream is required.
     * @param minStreamPeriod Seconds of the minimum stream a licensee prepays when buying a streamed license
     * (minStreamRate x minStreamPeriod, paid into the pool with the upfront fee), so that opening a stream for a
     * moment never buys access for nearly nothing. Required (above 0) exactly when `minStreamRate` is.
     * @param upfrontFee Paid once, when the license is bought, in `currency` wei.
     * @param currency The SuperToken every payment under these terms is made in.
     * @param pricePerUnit Price of one metered unit of usage (e.g. one file served), in `currency` wei.
     * @param maxUnpaidUnits Metered units a licensee may use before settling; beyond it, access is suspended.
     * @param legalTextURI Where the legal text of the license lives.
     */
    struct Terms {
        bool commercialUse;
        bool derivativesAllowed;
        bool aiTrainingAllowed;
        bool attributionRequired;
        bool transferable;
        uint32 duration;
        uint32 maxLicenses;
        uint16 derivativeRoyaltyBps;
        int96 minStreamRate;
        uint32 minStreamPeriod;
        uint96 upfrontFee;
        address currency;
        uint96 pricePerUnit;
        uint64 maxUnpaidUnits;
        string legalTextURI;
    }

    /**
     * @notice What contracts enforce of a set of terms: {Terms} without `attributionRequired`, `currency` (always
     * the deployment's SuperToken) and `legalTextURI`. A static struct read from two storage words, so that
     * buying a license or checking one costs as little as possible.
     */
    struct EnforcedTerms {
        bool commercialUse;
        bool derivativesAllowed;
        bool aiTrainingAllowed;
        bool transferable;
        uint32 duration;
        uint32 maxLicenses;
        uint16 derivativeRoyaltyBps;
        int96 minStreamRate;
        uint32 minStreamPeriod;
        uint96 upfrontFee;
        uint96 pricePerUnit;
        uint64 maxUnpaidUnits;
    }

    /// @notice New terms were written on chain under `termsId`.
    event TermsRegistered(uint256 indexed termsId, bytes32 indexed termsHash, Terms terms);

    /// @notice A preset shipped with the deployment was registered under `termsId`.
    event PresetRegistered(uint256 indexed termsId, string name);

    /// @notice No terms are registered under `termsId`.
    error LicenseTermsNotFound(uint256 termsId);
    /// @notice A derivative royalty is owed although derivatives are not allowed.
    error LicenseTermsRoyaltyWithoutDerivatives(uint16 derivativeRoyaltyBps);
    /// @notice The derivative royalty is above the highest share a parent may claim.
    error LicenseTermsRoyaltyTooHigh(uint16 derivativeRoyaltyBps, uint16 maxBps);
    /// @notice A stream rate below zero means nothing.
    error LicenseTermsNegativeStreamRate(int96 minStreamRate);
    /// @notice A stream rate is required but no prepaid period: a stream opened for one block would buy access.
    error LicenseTermsStreamWithoutPrepaidPeriod(int96 minStreamRate);
    /// @notice A prepaid stream period was set but no stream is required.
    error LicenseTermsPrepaidPeriodWithoutStream(uint32 minStreamPeriod);
    /// @notice A bound on unpaid usage was set but usage has no price.
    error LicenseTermsUsageLimitWithoutPrice(uint64 maxUnpaidUnits);
    /// @notice Payments must be made in the deployment's SuperToken.
    error LicenseTermsUnsupportedCurrency(address currency, address expected);
    /// @notice Terms without a legal text cannot be enforced off chain.
    error LicenseTermsMissingLegalText();
    /// @notice The terms allow none of AI training, commercial use or derivatives.
    error LicenseTermsGrantNoUse();

    /**
     * @notice Registers `terms` and returns their id; registering the same terms again returns the same id
     * and emits nothing.
     * @dev Reverts with the validation errors of {validateTerms}.
     */
    function registerTerms(Terms calldata terms) external returns (uint256 termsId);

    /**
     * @notice Reverts with a custom error naming the first inconsistency of `terms`; returns if they are valid.
     * @dev Errors: {LicenseTermsGrantNoUse}, {LicenseTermsRoyaltyWithoutDerivatives}, {LicenseTermsRoyaltyTooHigh},
     * {LicenseTermsNegativeStreamRate}, {LicenseTermsStreamWithoutPrepaidPeriod},
     * {LicenseTermsPrepaidPeriodWithoutStream}, {LicenseTermsUsageLimitWithoutPrice}, {LicenseTermsUnsupportedCurrency},
     * {LicenseTermsMissingLegalText}.
     */
    function validateTerms(Terms calldata terms) external view;

    /// @notice The hash terms are deduplicated by: keccak256 of their ABI encoding.
    function hashTerms(Terms calldata terms) external pure returns (bytes32);

    /// @notice The id `terms` are registered under, or 0 if they are not.
    function termsIdOf(Terms calldata terms) external view returns (uint256);

    /// @notice The id of the terms with hash `termsHash`, or 0.
    function termsIdOfHash(bytes32 termsHash) external view returns (uint256);

    /// @notice The terms registered under `termsId`. Reverts with {LicenseTermsNotFound} for an unknown id.
    function getTerms(uint256 termsId) external view returns (Terms memory);

    /**
     * @notice The terms registered under `termsId` without their legal text (`legalTextURI` is empty): what
     * contracts enforce, at the cost of two storage reads. Reverts with {LicenseTermsNotFound} for an unknown id.
     */
    function getTermsCore(uint256 termsId) external view returns (Terms memory);

    /**
     * @notice The enforced fields of the terms registered under `termsId`, at the cost of two storage reads.
     * Reverts with {LicenseTermsNotFound} for an unknown id.
     */
    function enforcedTerms(uint256 termsId) external view returns (EnforcedTerms memory);

    /// @notice Whether terms are registered under `termsId`.
    function exists(uint256 termsId) external view returns (bool);

    /// @notice How many terms are registered; ids run from 1 to this number.
    function termsCount() external view returns (uint256);

    /// @notice The presets shipped with the deployment, by name, in the order they were registered.
    function presets() external view returns (string[] memory names, uint256[] memory termsIds);

    /// @notice The SuperToken all terms are paid in.
    function currency() external view returns (address);
}
