// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
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
 * The licensee signs an EIP-712 `UsageReceipt` naming itself and the cumulative number of units it used under
 * the license so far; anyone may submit it. Settlement records the counter, then charges
 * (counter - units already paid) x pricePerUnit from that licensee (who approved this contract for the
 * SuperToken) and distributes it into the IP's royalty pool (or pays the IP owner when the IP has no shares).
 * A receipt whose counter is not above the licensee's last one is a no-op.
 *
 * Debt follows the account that used the license, not the token: counters are kept per license and licensee,
 * a receipt stays chargeable to its signer after the license is transferred or burned (the license token
 * remembers past holders of metered licenses), and units that could not be charged are owed by the signer for
 * the IP ({debtOf}). `hasAccess` turns false for every metered license of the IP the account holds once it owes
 * more than that license's `maxUnpaidUnits`, until {payOutstanding}; buying another license changes nothing.
 *
 * {settleBatch} never reverts for one receipt: a receipt that cannot be settled is skipped with
 * {SettleSkipped} and its reason. ERC-1271 signers get a bounded amount of gas, so none can starve the others.
 * What a pool cannot distribute (the remainder below a whole multiple of its units) goes back to the payer:
 * this contract holds no SuperToken after any call.
 *
 * EIP-712 domain: `{ name: "IPNFT UsageMeter", version: "2", chainId, verifyingContract: <this contract> }`.
 * Struct: `UsageReceipt(uint256 licenseId,address licensee,uint64 cumulativeUnits)`.
 */
contract UsageMeter is EIP712, ReentrancyGuardTransient, IUsageMeter {
    using SuperTokenV1Library for ISuperToken;

    /// @notice keccak256 of the EIP-712 struct type the licensee signs.
    bytes32 public constant USAGE_RECEIPT_TYPEHASH =
        keccak256("UsageReceipt(uint256 licenseId,address licensee,uint64 cumulativeUnits)");
    /// @notice Most receipts one {settleBatch} call settles.
    uint256 public constant MAX_BATCH = 32;
    /// @notice Gas an ERC-1271 licensee may spend checking one signature (a multisig of a few owners needs far less).
    uint256 public constant SIGNER_GAS = 200_000;

    ILicenseToken public immutable licenseToken;
    ILicenseTerms public immutable licenseTerms;
    IRoyaltyPools public immutable royaltyPools;
    IIPRegistry public immutable ipRegistry;
    ISuperToken public immutable currency;

    mapping(uint256 licenseId => mapping(address licensee => Usage)) private _usage;
    mapping(uint256 ipId => mapping(address account => uint256 units)) private _debt;

    constructor(
        ILicenseToken licenseToken_,
        ILicenseTerms licenseTerms_,
        IRoyaltyPools royaltyPools_,
        IIPRegistry ipRegistry_,
        ISuperToken currency_
    ) EIP712("IPNFT UsageMeter", "2") {
        licenseToken = licenseToken_;
        licenseTerms = licenseTerms_;
        royaltyPools = royaltyPools_;
        ipRegistry = ipRegistry_;
        currency = currency_;
    }

    /// @inheritdoc IUsageMeter
    function settle(UsageReceipt calldata receipt, bytes calldata signature) external nonReentrant returns (uint256) {
        (bool settled, SkipReason reason, uint256 paid) = _settle(receipt, signature);
        if (settled || reason == SkipReason.AlreadyReported) return paid;
        uint256 licenseId = receipt.licenseId;
        if (reason == SkipReason.UnknownLicense) revert UsageMeterUnknownLicense(licenseId);
        if (reason == SkipReason.NotMetered) revert UsageMeterNotMetered(licenseId);
        if (reason == SkipReason.NotLicensee) revert UsageMeterNotLicensee(licenseId, receipt.licensee);
        revert UsageMeterInvalidSignature(licenseId, receipt.licensee);
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
        for (uint256 i = 0; i < receipts.length; i++) {
            (, , uint256 amount) = _settle(receipts[i], signatures[i]);
            paid += amount;
        }
    }

    /// @inheritdoc IUsageMeter
    function payOutstanding(uint256 licenseId, address licensee) external nonReentrant returns (uint256 amount) {
        Usage storage usage = _usage[licenseId][licensee];
        uint64 owed = usage.reported - usage.paid;
        if (owed == 0) revert UsageMeterNothingOwed(licenseId, licensee);
        (uint256 ipId, uint256 termsId,) = licenseToken.meteringOf(licenseId, licensee);
        amount = uint256(owed) * licenseTerms.enforcedTerms(termsId).pricePerUnit;
        usage.paid = usage.reported;
        _debt[ipId][licensee] -= owed;
        bool ok;
        (ok, amount) = _charge(msg.sender, ipId, amount);
        if (!ok) revert UsageMeterPaymentFailed(licenseId, amount);
        emit UsagePaid(licenseId, ipId, licensee, owed, amount);
    }

    /// @inheritdoc IUsageMeter
    function unpaidUnits(uint256 licenseId, address licensee) external view returns (uint64) {
        Usage memory usage = _usage[licenseId][licensee];
        return usage.reported - usage.paid;
    }

    /// @inheritdoc IUsageMeter
    function debtOf(uint256 ipId, address account) external view returns (uint256) {
        return _debt[ipId][account];
    }

    /// @inheritdoc IUsageMeter
    function usageOf(uint256 licenseId, address licensee) external view returns (Usage memory) {
        return _usage[licenseId][licensee];
    }

    /// @inheritdoc IUsageMeter
    function receiptDigest(UsageReceipt calldata receipt) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(USAGE_RECEIPT_TYPEHASH, receipt.licenseId, receipt.licensee, receipt.cumulativeUnits))
        );
    }

    /**
     * @dev Settles `receipt` unless it cannot be (then emits {SettleSkipped} and returns why). Never reverts on
     * account of the receipt, its signer or the payer: one receipt cannot block a batch.
     */
    function _settle(UsageReceipt calldata receipt, bytes calldata signature)
        private
        returns (bool settled, SkipReason reason, uint256 amount)
    {
        uint256 licenseId = receipt.licenseId;
        address licensee = receipt.licensee;
        (uint256 ipId, uint256 termsId, bool held) = licenseToken.meteringOf(licenseId, licensee);
        uint256 price;
        if (ipId == 0) {
            reason = SkipReason.UnknownLicense;
        } else if ((price = licenseTerms.enforcedTerms(termsId).pricePerUnit) == 0) {
            reason = SkipReason.NotMetered;
        } else if (!held) {
            reason = SkipReason.NotLicensee;
        } else if (!_validSignature(licensee, receiptDigest(receipt), signature)) {
            reason = SkipReason.InvalidSignature;
        } else if (receipt.cumulativeUnits <= _usage[licenseId][licensee].reported) {
            reason = SkipReason.AlreadyReported;
        } else {
            return (true, reason, _record(receipt, ipId, price));
        }
        emit SettleSkipped(licenseId, licensee, receipt.cumulativeUnits, reason);
    }

    /// @dev Records a valid receipt's counter and charges everything the licensee owes under the license.
    function _record(UsageReceipt calldata receipt, uint256 ipId, uint256 price) private returns (uint256) {
        uint256 licenseId = receipt.licenseId;
        address licensee = receipt.licensee;
        Usage storage usage = _usage[licenseId][licensee];
        Usage memory before = usage;
        // effects as if the payment succeeds; undone below if it does not
        usage.reported = receipt.cumulativeUnits;
        usage.paid = receipt.cumulativeUnits;
        uint64 owedBefore = before.reported - before.paid;
        if (owedBefore != 0) _debt[ipId][licensee] -= owedBefore;
        emit UsageReported(licenseId, licensee, receipt.cumulativeUnits);

        uint64 owed = receipt.cumulativeUnits - before.paid;
        (bool ok, uint256 amount) = _charge(licensee, ipId, uint256(owed) * price);
        if (ok) {
            emit UsagePaid(licenseId, ipId, licensee, owed, amount);
            return amount;
        }
        usage.paid = before.paid;
        _debt[ipId][licensee] += owed;
        emit UsagePaymentFailed(licenseId, licensee, owed);
        return 0;
    }

    /**
     * @dev Pulls `amount` from `payer` into `ipId`'s pool (or to its owner without shares); false if the pull
     * failed. Returns what reached the pool: GDA distributes whole multiples of the pool's units, and the
     * remainder goes back to `payer`. (A derivative's licenses are only sold once it has a pool, so its income
     * always passes through the pool to its parents.)
     */
    function _charge(address payer, uint256 ipId, uint256 amount) private returns (bool ok, uint256 paid) {
        ISuperfluidPool pool = royaltyPools.poolOf(ipId);
        if (address(pool) == address(0)) return (_tryTransferFrom(payer, ipRegistry.ownerOf(ipId), amount), amount);
        if (!_tryTransferFrom(payer, address(this), amount)) return (false, amount);
        paid = currency.distribute(pool, amount);
        if (paid < amount) currency.transfer(payer, amount - paid);
        return (true, paid);
    }

    function _tryTransferFrom(address from, address to, uint256 amount) private returns (bool) {
        try currency.transferFrom(from, to, amount) returns (bool ok) {
            return ok;
        } catch {
            return false;
        }
    }

    /**
     * @dev ECDSA for accounts without code; ERC-1271 with at most {SIGNER_GAS} gas otherwise, reading no more
     * than the 32 bytes of the answer, so a signer that reverts, loops or returns a flood of data only fails
     * its own receipt.
     */
    function _validSignature(address signer, bytes32 digest, bytes calldata signature) private view returns (bool) {
        if (signer.code.length == 0) {
            (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(digest, signature);
            return error == ECDSA.RecoverError.NoError && recovered == signer;
        }
        bytes memory query = abi.encodeCall(IERC1271.isValidSignature, (digest, signature));
        bool success;
        bytes32 answer;
        uint256 gasLimit = SIGNER_GAS;
        assembly ("memory-safe") {
            success := staticcall(gasLimit, signer, add(query, 0x20), mload(query), 0x00, 0x20)
            if lt(returndatasize(), 0x20) { success := 0 }
            answer := mload(0x00)
        }
        return success && bytes4(answer) == IERC1271.isValidSignature.selector;
    }
}
