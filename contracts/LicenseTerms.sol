// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ILicenseTerms} from "./interfaces/ILicenseTerms.sol";

/**
 * @title LicenseTerms
 * @notice The catalogue of license terms. Terms are validated, written once, deduplicated by the hash of
 * their ABI encoding (as Story's PIL does) and referenced by id; nothing can change them afterwards.
 * AI-training permission is an enforced on-chain term here, not a field of an off-chain JSON file.
 *
 * Five presets are registered by the constructor, so they exist in every deployment under ids 1 to 5:
 * "No AI training", "AI training, flat fee", "AI training, streamed and metered",
 * "Commercial remix with derivative royalty", "AI training, pay per file". {presets} returns their names and ids.
 * Their legal texts are documents named by content (`ipfs://<CIDv1>`, the files in `packages/protocol/legal/`),
 * given to the constructor in that order, so a preset's text cannot change without its URI changing.
 */
contract LicenseTerms is ILicenseTerms {
    /// @notice The highest share of a derivative's income one parent's terms may claim.
    uint16 public constant MAX_DERIVATIVE_ROYALTY_BPS = 5_000;

    /// @notice How many presets the constructor registers (and legal text URIs it takes).
    uint256 public constant PRESET_COUNT = 5;

    /// @inheritdoc ILicenseTerms
    address public immutable currency;

    /// @inheritdoc ILicenseTerms
    uint256 public termsCount;

    /// @dev Terms as stored: two words and the legal text. The currency is not stored (validation makes it
    /// always {currency}); every registered terms grant at least one use, so a first word of 0 means "no terms".
    struct StoredTerms {
        // word 0
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
        // word 1
        uint96 upfrontFee;
        uint96 pricePerUnit;
        uint64 maxUnpaidUnits;
        // word 2 and on
        string legalTextURI;
    }

    mapping(uint256 termsId => StoredTerms) private _terms;

    /// @inheritdoc ILicenseTerms
    mapping(bytes32 termsHash => uint256 termsId) public termsIdOfHash;

    string[] private _presetNames;
    uint256[] private _presetIds;

    /// @param currency_ The SuperToken all terms are paid in (fUSDx on the local chain, e.g. USDCx elsewhere).
    /// @param presetLegalTextURIs The presets' legal texts, in the order above (`ipfs://<CID>` of each document).
    /// Reverts with {LicenseTermsMissingLegalText} when one is empty.
    constructor(address currency_, string[PRESET_COUNT] memory presetLegalTextURIs) {
        for (uint256 i = 0; i < PRESET_COUNT; ++i) {
            if (bytes(presetLegalTextURIs[i]).length == 0) revert LicenseTermsMissingLegalText();
        }
        currency = currency_;
        uint96 token = 1e18; // the currency has 18 decimals, as every SuperToken does
        _registerPreset(
            "No AI training",
            Terms({
                commercialUse: true,
                derivativesAllowed: false,
                aiTrainingAllowed: false,
                attributionRequired: true,
                transferable: true,
                duration: 365 days,
                maxLicenses: 0,
                derivativeRoyaltyBps: 0,
                minStreamRate: 0,
                minStreamPeriod: 0,
                upfrontFee: 10 * token,
                currency: currency_,
                pricePerUnit: 0,
                maxUnpaidUnits: 0,
                legalTextURI: presetLegalTextURIs[0]
            })
        );
        _registerPreset(
            "AI training, flat fee",
            Terms({
                commercialUse: false,
                derivativesAllowed: false,
                aiTrainingAllowed: true,
                attributionRequired: true,
                transferable: false,
                duration: 365 days,
                maxLicenses: 0,
                derivativeRoyaltyBps: 0,
                minStreamRate: 0,
                minStreamPeriod: 0,
                upfrontFee: 100 * token,
                currency: currency_,
                pricePerUnit: 0,
                maxUnpaidUnits: 0,
                legalTextURI: presetLegalTextURIs[1]
            })
        );
        _registerPreset(
            "AI training, streamed and metered",
            Terms({
                commercialUse: false,
                derivativesAllowed: false,
                aiTrainingAllowed: true,
                attributionRequired: true,
                transferable: false,
                duration: 0,
                maxLicenses: 0,
                derivativeRoyaltyBps: 0,
                // about 1 token a day, rounded down to a whole number of wei per second per share unit
                minStreamRate: 11_574_074_000_000,
                // a week of the minimum stream (about 7 tokens) is paid at purchase
                minStreamPeriod: 7 days,
                upfrontFee: 0,
                currency: currency_,
                pricePerUnit: token / 100,
                maxUnpaidUnits: 100,
                legalTextURI: presetLegalTextURIs[2]
            })
        );
        _registerPreset(
            "Commercial remix with derivative royalty",
            Terms({
                commercialUse: true,
                derivativesAllowed: true,
                aiTrainingAllowed: false,
                attributionRequired: true,
                transferable: true,
                duration: 0,
                maxLicenses: 0,
                derivativeRoyaltyBps: 1_000,
                minStreamRate: 0,
                minStreamPeriod: 0,
                upfrontFee: 25 * token,
                currency: currency_,
                pricePerUnit: 0,
                maxUnpaidUnits: 0,
                legalTextURI: presetLegalTextURIs[3]
            })
        );
        // Single files for AI training (x402 or metered), commercial models included: no fee to hold the license,
        // every file paid at its price, no unpaid file allowed by the chain (a debt suspends access).
        _registerPreset(
            "AI training, pay per file",
            Terms({
                commercialUse: true,
                derivativesAllowed: false,
                aiTrainingAllowed: true,
                attributionRequired: true,
                transferable: false,
                duration: 0,
                maxLicenses: 0,
                derivativeRoyaltyBps: 0,
                minStreamRate: 0,
                minStreamPeriod: 0,
                upfrontFee: 0,
                currency: currency_,
                pricePerUnit: token / 20,
                maxUnpaidUnits: 0,
                legalTextURI: presetLegalTextURIs[4]
            })
        );
    }

    /// @inheritdoc ILicenseTerms
    function registerTerms(Terms calldata terms) external returns (uint256 termsId) {
        _validate(terms);
        return _register(terms);
    }

    /// @inheritdoc ILicenseTerms
    function validateTerms(Terms calldata terms) external view {
        _validate(terms);
    }

    /// @inheritdoc ILicenseTerms
    function hashTerms(Terms calldata terms) public pure returns (bytes32) {
        return keccak256(abi.encode(terms));
    }

    /// @inheritdoc ILicenseTerms
    function termsIdOf(Terms calldata terms) external view returns (uint256) {
        return termsIdOfHash[hashTerms(terms)];
    }

    /// @inheritdoc ILicenseTerms
    function getTerms(uint256 termsId) external view returns (Terms memory t) {
        t = _core(termsId);
        t.legalTextURI = _terms[termsId].legalTextURI;
    }

    /// @inheritdoc ILicenseTerms
    function getTermsCore(uint256 termsId) external view returns (Terms memory) {
        return _core(termsId);
    }

    /// @inheritdoc ILicenseTerms
    function enforcedTerms(uint256 termsId) external view returns (EnforcedTerms memory t) {
        StoredTerms storage s = _terms[termsId];
        t.commercialUse = s.commercialUse;
        t.derivativesAllowed = s.derivativesAllowed;
        t.aiTrainingAllowed = s.aiTrainingAllowed;
        if (!t.commercialUse && !t.derivativesAllowed && !t.aiTrainingAllowed) revert LicenseTermsNotFound(termsId);
        t.transferable = s.transferable;
        t.duration = s.duration;
        t.maxLicenses = s.maxLicenses;
        t.derivativeRoyaltyBps = s.derivativeRoyaltyBps;
        t.minStreamRate = s.minStreamRate;
        t.minStreamPeriod = s.minStreamPeriod;
        t.upfrontFee = s.upfrontFee;
        t.pricePerUnit = s.pricePerUnit;
        t.maxUnpaidUnits = s.maxUnpaidUnits;
    }

    /// @inheritdoc ILicenseTerms
    function exists(uint256 termsId) public view returns (bool) {
        return termsId != 0 && termsId <= termsCount;
    }

    /// @inheritdoc ILicenseTerms
    function presets() external view returns (string[] memory names, uint256[] memory termsIds) {
        return (_presetNames, _presetIds);
    }

    function _register(Terms memory terms) private returns (uint256 termsId) {
        bytes32 termsHash = keccak256(abi.encode(terms));
        termsId = termsIdOfHash[termsHash];
        if (termsId != 0) return termsId;
        termsId = ++termsCount;
        _terms[termsId] = StoredTerms({
            commercialUse: terms.commercialUse,
            derivativesAllowed: terms.derivativesAllowed,
            aiTrainingAllowed: terms.aiTrainingAllowed,
            attributionRequired: terms.attributionRequired,
            transferable: terms.transferable,
            duration: terms.duration,
            maxLicenses: terms.maxLicenses,
            derivativeRoyaltyBps: terms.derivativeRoyaltyBps,
            minStreamRate: terms.minStreamRate,
            minStreamPeriod: terms.minStreamPeriod,
            upfrontFee: terms.upfrontFee,
            pricePerUnit: terms.pricePerUnit,
            maxUnpaidUnits: terms.maxUnpaidUnits,
            legalTextURI: terms.legalTextURI
        });
        termsIdOfHash[termsHash] = termsId;
        emit TermsRegistered(termsId, termsHash, terms);
    }

    /// @dev Everything but the legal text; reverts with {LicenseTermsNotFound} for an unknown id.
    function _core(uint256 termsId) private view returns (Terms memory t) {
        if (!exists(termsId)) revert LicenseTermsNotFound(termsId);
        StoredTerms storage s = _terms[termsId];
        t.commercialUse = s.commercialUse;
        t.derivativesAllowed = s.derivativesAllowed;
        t.aiTrainingAllowed = s.aiTrainingAllowed;
        t.attributionRequired = s.attributionRequired;
        t.transferable = s.transferable;
        t.duration = s.duration;
        t.maxLicenses = s.maxLicenses;
        t.derivativeRoyaltyBps = s.derivativeRoyaltyBps;
        t.minStreamRate = s.minStreamRate;
        t.minStreamPeriod = s.minStreamPeriod;
        t.upfrontFee = s.upfrontFee;
        t.currency = currency;
        t.pricePerUnit = s.pricePerUnit;
        t.maxUnpaidUnits = s.maxUnpaidUnits;
    }

    function _registerPreset(string memory name, Terms memory terms) private {
        uint256 termsId = _register(terms);
        _presetNames.push(name);
        _presetIds.push(termsId);
        emit PresetRegistered(termsId, name);
    }

    function _validate(Terms calldata t) private view {
        if (!t.commercialUse && !t.derivativesAllowed && !t.aiTrainingAllowed) revert LicenseTermsGrantNoUse();
        if (t.derivativeRoyaltyBps != 0 && !t.derivativesAllowed) {
            revert LicenseTermsRoyaltyWithoutDerivatives(t.derivativeRoyaltyBps);
        }
        if (t.derivativeRoyaltyBps > MAX_DERIVATIVE_ROYALTY_BPS) {
            revert LicenseTermsRoyaltyTooHigh(t.derivativeRoyaltyBps, MAX_DERIVATIVE_ROYALTY_BPS);
        }
        if (t.minStreamRate < 0) revert LicenseTermsNegativeStreamRate(t.minStreamRate);
        if (t.minStreamRate != 0 && t.minStreamPeriod == 0) revert LicenseTermsStreamWithoutPrepaidPeriod(t.minStreamRate);
        if (t.minStreamPeriod != 0 && t.minStreamRate == 0) revert LicenseTermsPrepaidPeriodWithoutStream(t.minStreamPeriod);
        if (t.maxUnpaidUnits != 0 && t.pricePerUnit == 0) revert LicenseTermsUsageLimitWithoutPrice(t.maxUnpaidUnits);
        if (t.currency != currency) revert LicenseTermsUnsupportedCurrency(t.currency, currency);
        if (bytes(t.legalTextURI).length == 0) revert LicenseTermsMissingLegalText();
    }
}
