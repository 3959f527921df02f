// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ISuperfluidPool, ISuperToken} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";
import {SuperTokenV1Library} from "@superfluid-finance/ethereum-contracts/contracts/apps/SuperTokenV1Library.sol";
import {IIPRegistry} from "./interfaces/IIPRegistry.sol";
import {ILicenseTerms} from "./interfaces/ILicenseTerms.sol";
import {ILicenseToken} from "./interfaces/ILicenseToken.sol";
import {IRoyaltyPools} from "./interfaces/IRoyaltyPools.sol";
import {IUsageMeter} from "./interfaces/IUsageMeter.sol";

/**
 * @title UsageMeter
 * @notice Settles metered usage (e.g. files served by the gateway) of licenses whose terms set a price per unit.
 *
 * The licensee (the owner of the license token) signs an EIP-712 `UsageReceipt` over the cumulative number of
 * units used so far; anyone may submit it. Settlement records the counter, then charges
 * (counter - units already paid) x pricePerUnit from the licensee (who approved this contract for the SuperToken)
 * and distributes it into the IP's royalty pool (or pays the IP owner when the IP has no shares). A receipt whose
 * counter is not above the last one recorded is a no-op. When the charge fails the units stay owed, and the
 * license's `hasAccess` turns false once more than the terms' `maxUnpaidUnits` are owed, until {payOutstanding}.
 *
 * EIP-712 domain: `{ name: "IPNFT UsageMeter", version: "1", chainId, verifyingContract: <this contract> }`.
 * Struct: `UsageReceipt(uint256 licenseId,uint64 cumulativeUnits)`. Smart-contract licensees sign with ERC-1271.
 */
contract UsageMeter is EIP712, ReentrancyGuardTransient, IUsageMeter {
    using SuperTokenV1Library for ISuperToken;

    /// @notice keccak256 of the EIP-712 struct type the licensee signs.
    bytes32 public constant USAGE_RECEIPT_TYPEHASH = keccak256("UsageReceipt(uint256 licenseId,uint64 cumulativeUnits)");
    /// @notice Most receipts one {settleBatch} call settles.
    uint256 public constant MAX_BATCH = 32;

    ILicenseToken public immutable licenseToken;
    ILicenseTerms public immutable licenseTerms;
    IRoyaltyPools public immutable royaltyPools;
    IIPRegistry public immutable ipRegistry;
    ISuperToken public immutable currency;

    mapping(uint256 licenseId => Usage) private _usage;

    constructor(
        ILicenseToken licenseToken_,
        ILicenseTerms licenseTerms_,
        IRoyaltyPools royaltyPools_,
        IIPRegistry ipRegistry_,
        ISuperToken currency_
    ) EIP712("IPNFT UsageMeter", "1") {
        licenseToken = licenseToken_;
        licenseTerms = licenseTerms_;
        royaltyPools = royaltyPools_;
        ipRegistry = ipRegistry_;
        currency = currency_;
    }

    /// @inheritdoc IUsageMeter
    function settle(UsageReceipt calldata receipt, bytes calldata signature) external nonReentrant returns (uint256) {
        return _settle(receipt, signature);
    }

    /// @inheritdoc IUsageMeter
    function settleBatch(UsageReceipt[] calldata receipts, bytes[] calldata signatures)
        external
        nonReentrant
        returns (uint256 paid)
    {
        if (receipts.length != signatures.length || receipts.length > MAX_BATCH) {
            revert UsageMeterInvalidBatch(receipts.length, signatures.length, MAX_BATCH);
        }
        for (uint256 i = 0; i < receipts.length; i++) paid += _settle(receipts[i], signatures[i]);
    }

    /// @inheritdoc IUsageMeter
    function payOutstanding(uint256 licenseId) external nonReentrant returns (uint256 amount) {
        Usage storage usage = _usage[licenseId];
        uint64 owed = usage.reported - usage.paid;
        if (owed == 0) revert UsageMeterNothingOwed(licenseId);
        ILicenseToken.License memory license = licenseToken.getLicense(licenseId);
        amount = uint256(owed) * licenseTerms.enforcedTerms(license.termsId).pricePerUnit;
        usage.paid = usage.reported;
        if (!_charge(msg.sender, license.ipId, amount)) revert UsageMeterPaymentFailed(licenseId, amount);
        emit UsagePaid(licenseId, license.ipId, owed, amount);
    }

    /// @inheritdoc IUsageMeter
    function unpaidUnits(uint256 licenseId) external view returns (uint64) {
        Usage memory usage = _usage[licenseId];
        return usage.reported - usage.paid;
    }

    /// @inheritdoc IUsageMeter
    function usageOf(uint256 licenseId) external view returns (Usage memory) {
        return _usage[licenseId];
    }

    /// @inheritdoc IUsageMeter
    function receiptDigest(UsageReceipt calldata receipt) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(USAGE_RECEIPT_TYPEHASH, receipt.licenseId, receipt.cumulativeUnits)));
    }

    function _settle(UsageReceipt calldata receipt, bytes calldata signature) private returns (uint256 amount) {
        uint256 licenseId = receipt.licenseId;
        address licensee = IERC721(address(licenseToken)).ownerOf(licenseId);
        if (!SignatureChecker.isValidSignatureNow(licensee, receiptDigest(receipt), signature)) {
            revert UsageMeterInvalidSignature(licenseId, licensee);
        }
        ILicenseToken.License memory license = licenseToken.getLicense(licenseId);
        uint256 price = licenseTerms.enforcedTerms(license.termsId).pricePerUnit;
        if (price == 0) revert UsageMeterNotMetered(licenseId);

        Usage storage usage = _usage[licenseId];
        if (receipt.cumulativeUnits <= usage.reported) return 0; // a replayed or older receipt
        usage.reported = receipt.cumulativeUnits;
        emit UsageReported(licenseId, receipt.cumulativeUnits);

        uint64 owed = receipt.cumulativeUnits - usage.paid;
        amount = uint256(owed) * price;
        uint64 paidBefore = usage.paid;
        usage.paid = receipt.cumulativeUnits;
        if (_charge(licensee, license.ipId, amount)) {
            emit UsagePaid(licenseId, license.ipId, owed, amount);
        } else {
            usage.paid = paidBefore;
            emit UsagePaymentFailed(licenseId, owed);
            return 0;
        }
    }

    /// @dev Pulls `amount` from `payer` into `ipId`'s pool (or to its owner without shares); false if the pull failed.
    function _charge(address payer, uint256 ipId, uint256 amount) private returns (bool) {
        ISuperfluidPool pool = royaltyPools.poolOf(ipId);
        if (address(pool) == address(0)) {
            if (ipRegistry.parentCount(ipId) != 0) revert IRoyaltyPools.RoyaltyPoolsDerivativeWithoutShares(ipId);
            return _tryTransferFrom(payer, ipRegistry.ownerOf(ipId), amount);
        }
        if (!_tryTransferFrom(payer, address(this), amount)) return false;
        currency.distribute(pool, amount);
        return true;
    }

    function _tryTransferFrom(address from, address to, uint256 amount) private returns (bool) {
        try currency.transferFrom(from, to, amount) returns (bool ok) {
            return ok;
        } catch {
            return false;
        }
    }
}
