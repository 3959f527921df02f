// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ISuperToken} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";
import {Disputes} from "../../../contracts/Disputes.sol";
import {IDisputes} from "../../../contracts/interfaces/IDisputes.sol";
import {IIPRegistry} from "../../../contracts/interfaces/IIPRegistry.sol";
import {ILicenseTerms} from "../../../contracts/interfaces/ILicenseTerms.sol";
import {ILicenseToken} from "../../../contracts/interfaces/ILicenseToken.sol";
import {IPRegistry} from "../../../contracts/IPRegistry.sol";
import {LicenseTerms} from "../../../contracts/LicenseTerms.sol";
import {LicenseToken} from "../../../contracts/LicenseToken.sol";
import {IRoyaltyPools} from "../../../contracts/interfaces/IRoyaltyPools.sol";
import {IUsageMeter} from "../../../contracts/interfaces/IUsageMeter.sol";
import {RoyaltyPools} from "../../../contracts/RoyaltyPools.sol";
import {UsageMeter} from "../../../contracts/UsageMeter.sol";
import {TestCurrency} from "./TestCurrency.sol";
import {TestBase} from "./Vm.sol";

/// @dev Deploys a payment token, then terms, registry, license token, royalty pools and usage meter as the deploy
/// script does (each pointing at the others' precomputed addresses). Fees are real: the token is a plain ERC-20
/// (see {TestCurrency}), and with shares never enabled here every fee and usage payment goes to the IP's owner,
/// so the payment paths are fuzzed. What touches Superfluid (pools, streams) runs in the TypeScript tests on the
/// real framework.
abstract contract LicensingFixture is TestBase {
    /// @dev The upfront fee of the fixture's terms.
    uint96 internal constant FEE = 3e18;
    /// @dev What every funded account starts with.
    uint256 internal constant FUNDS = 1_000_000e18;
    TestCurrency internal currency;
    address internal CURRENCY;
    LicenseTerms internal termsBook;
    IPRegistry internal registry;
    LicenseToken internal licenses;
    RoyaltyPools internal pools;
    UsageMeter internal meter;
    Disputes internal disputes;
    uint256 internal contentNonce;

    /// @dev Stand-ins for the presets' document URIs (the deploy passes the real CIDs; a TypeScript test checks them).
    function _presetLegalTexts() internal pure returns (string[5] memory uris) {
        uris = [
            "urn:test:preset:1", "urn:test:preset:2", "urn:test:preset:3", "urn:test:preset:4", "urn:test:preset:5"
        ];
    }

    function _deployLicensing() internal {
        currency = new TestCurrency(); // this contract's nonce 1
        CURRENCY = address(currency);
        termsBook = new LicenseTerms(CURRENCY, _presetLegalTexts()); // nonce 2
        address predictedLicenses = _createAddress(address(this), 4);
        address predictedPools = _createAddress(address(this), 5);
        address predictedMeter = _createAddress(address(this), 6);
        address predictedDisputes = _createAddress(address(this), 7);
        registry = new IPRegistry(ILicenseToken(predictedLicenses), IRoyaltyPools(predictedPools)); // nonce 3
        licenses = new LicenseToken(
            registry, termsBook, ISuperToken(CURRENCY), IRoyaltyPools(predictedPools), IUsageMeter(predictedMeter),
            IDisputes(predictedDisputes)
        ); // nonce 4
        // No Datasets contract in these tests: the pools only need its address (an undeployed one, after Disputes).
        pools = new RoyaltyPools(
            registry, ISuperToken(CURRENCY), _createAddress(address(this), 8), IDisputes(predictedDisputes)
        ); // nonce 5
        meter = new UsageMeter(licenses, termsBook, pools, registry, ISuperToken(CURRENCY)); // nonce 6
        assertEq(address(licenses), predictedLicenses, "license token address");
        assertEq(address(pools), predictedPools, "royalty pools address");
        disputes = new Disputes(registry, currency, address(this), 1e18); // nonce 7
        assertEq(address(meter), predictedMeter, "usage meter address");
        assertEq(address(disputes), predictedDisputes, "disputes address");
    }

    /// @dev Gives `account` {FUNDS} of the payment token and lets the license token and the meter take it.
    function _fund(address account) internal {
        currency.mint(account, FUNDS);
        vm.startPrank(account);
        currency.approve(address(licenses), type(uint256).max);
        currency.approve(address(meter), type(uint256).max);
        vm.stopPrank();
    }

    /// @dev `licensee` (whose key is `key`) signs `units` of usage under `licenseId`.
    function _signUsage(uint256 key, uint256 licenseId, uint64 units)
        internal
        view
        returns (IUsageMeter.UsageReceipt memory receipt, bytes memory signature)
    {
        receipt = IUsageMeter.UsageReceipt({licenseId: licenseId, licensee: vm.addr(key), cumulativeUnits: units});
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, meter.receiptDigest(receipt));
        signature = abi.encodePacked(r, s, v);
    }

    function _createAddress(address deployer, uint256 nonce) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes2(0xd694), deployer, uint8(nonce))))));
    }

    function _cid(bytes32 digest) internal pure returns (bytes memory) {
        return abi.encodePacked(uint8(1), uint8(0x55), uint8(0x12), uint8(0x20), digest);
    }

    function _registration(uint256[] memory parentLicenseIds, uint256[] memory termsIds)
        internal
        returns (IIPRegistry.Registration memory r)
    {
        bytes32 contentHash = keccak256(abi.encode("content", ++contentNonce));
        r = IIPRegistry.Registration({
            kind: IIPRegistry.Kind.Work,
            contentHash: contentHash,
            contentCid: _cid(contentHash),
            metadataCid: _cid(keccak256(abi.encode("metadata", contentNonce))),
            c2paManifestHash: bytes32(0),
            royaltyBps: 500,
            parentLicenseIds: parentLicenseIds,
            termsIds: termsIds
        });
    }

    function _registerWith(uint256 termsId) internal returns (uint256 ipId) {
        uint256[] memory termsIds = new uint256[](1);
        termsIds[0] = termsId;
        return _register(address(this), _registration(new uint256[](0), termsIds));
    }

    /// @dev First step of a registration: `creator` commits to `r`'s content hash, then the chain moves to the
    /// next block so that the reveal may follow. Returns the salt to reveal with.
    function _commit(address creator, IIPRegistry.Registration memory r) internal returns (bytes32 salt) {
        salt = keccak256(abi.encode("salt", r.contentHash, creator));
        bytes32 commitment = registry.registrationCommitment(r.contentHash, creator, salt);
        vm.prank(creator);
        registry.commitRegistration(commitment);
        vm.roll(block.number + 1);
    }

    /// @dev Commits and reveals `r` as `creator`.
    function _register(address creator, IIPRegistry.Registration memory r) internal returns (uint256 ipId) {
        bytes32 salt = _commit(creator, r);
        vm.prank(creator);
        return registry.register(r, salt);
    }

    function _terms(bool commercial, bool derivatives, bool ai, bool transferable, uint32 duration, uint32 cap)
        internal
        view
        returns (ILicenseTerms.Terms memory)
    {
        return ILicenseTerms.Terms({
            commercialUse: commercial,
            derivativesAllowed: derivatives,
            aiTrainingAllowed: ai,
            attributionRequired: true,
            transferable: transferable,
            duration: duration,
            maxLicenses: cap,
            derivativeRoyaltyBps: derivatives ? 1000 : 0,
            minStreamRate: 0,
            minStreamPeriod: 0,
            upfrontFee: FEE,
            currency: CURRENCY,
            pricePerUnit: 0,
            maxUnpaidUnits: 0,
            legalTextURI: "urn:test"
        });
    }
}
