// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IIPRegistry} from "../../contracts/interfaces/IIPRegistry.sol";
import {ILicenseTerms} from "../../contracts/interfaces/ILicenseTerms.sol";
import {ILicenseToken} from "../../contracts/interfaces/ILicenseToken.sol";
import {LicensingFixture} from "./utils/LicensingFixture.sol";

contract LicenseTermsFuzzTest is LicensingFixture {
    function setUp() public {
        _deployLicensing();
    }

    /// @dev The reference model of the validation rules: the error the contract must raise, or 0 for valid terms.
    function _expectedError(ILicenseTerms.Terms memory t) internal view returns (bytes memory) {
        if (!t.commercialUse && !t.derivativesAllowed && !t.aiTrainingAllowed) {
            return abi.encodeWithSelector(ILicenseTerms.LicenseTermsGrantNoUse.selector);
        }
        if (t.derivativeRoyaltyBps != 0 && !t.derivativesAllowed) {
            return abi.encodeWithSelector(
                ILicenseTerms.LicenseTermsRoyaltyWithoutDerivatives.selector, t.derivativeRoyaltyBps
            );
        }
        if (t.derivativeRoyaltyBps > 5000) {
            return abi.encodeWithSelector(ILicenseTerms.LicenseTermsRoyaltyTooHigh.selector, t.derivativeRoyaltyBps, 5000);
        }
        if (t.minStreamRate < 0) {
            return abi.encodeWithSelector(ILicenseTerms.LicenseTermsNegativeStreamRate.selector, t.minStreamRate);
        }
        if (t.minStreamRate != 0 && t.minStreamPeriod == 0) {
            return abi.encodeWithSelector(ILicenseTerms.LicenseTermsStreamWithoutPrepaidPeriod.selector, t.minStreamRate);
        }
        if (t.minStreamPeriod != 0 && t.minStreamRate == 0) {
            return abi.encodeWithSelector(ILicenseTerms.LicenseTermsPrepaidPeriodWithoutStream.selector, t.minStreamPeriod);
        }
        if (t.maxUnpaidUnits != 0 && t.pricePerUnit == 0) {
            return abi.encodeWithSelector(ILicenseTerms.LicenseTermsUsageLimitWithoutPrice.selector, t.maxUnpaidUnits);
        }
        if (t.currency != CURRENCY) {
            return abi.encodeWithSelector(ILicenseTerms.LicenseTermsUnsupportedCurrency.selector, t.currency, CURRENCY);
        }
        if (bytes(t.legalTextURI).length == 0) {
            return abi.encodeWithSelector(ILicenseTerms.LicenseTermsMissingLegalText.selector);
        }
        return "";
    }

    function testFuzz_termsAreAcceptedExactlyWhenTheRulesHold(
        uint8 flags,
        uint16 royaltyBps,
        int96 minStreamRate,
        uint32 minStreamPeriod,
        uint96 pricePerUnit,
        uint64 maxUnpaidUnits,
        bool otherCurrency,
        bool emptyText
    ) public {
        ILicenseTerms.Terms memory t = _terms(flags & 1 != 0, flags & 2 != 0, flags & 4 != 0, flags & 8 != 0, 0, 0);
        t.derivativeRoyaltyBps = uint16(bound(royaltyBps, 0, 6000));
        t.minStreamRate = flags & 64 != 0 ? int96(0) : minStreamRate;
        t.minStreamPeriod = flags & 128 != 0 ? 0 : minStreamPeriod;
        t.pricePerUnit = flags & 16 != 0 ? 0 : pricePerUnit;
        t.maxUnpaidUnits = flags & 32 != 0 ? 0 : maxUnpaidUnits;
        if (otherCurrency) t.currency = address(0xBAD);
        if (emptyText) t.legalTextURI = "";
        bytes memory expected = _expectedError(t);
        if (expected.length != 0) {
            vm.expectRevert(expected);
            termsBook.registerTerms(t);
        } else {
            uint256 id = termsBook.registerTerms(t);
            assertTrue(termsBook.exists(id), "valid terms are registered");
        }
    }

    function testFuzz_sameTermsGetTheSameIdAndDifferentTermsAnother(uint32 duration, uint32 cap, uint32 otherDuration)
        public
    {
        vm.assume(duration != otherDuration);
        ILicenseTerms.Terms memory t = _terms(true, false, true, true, duration, cap);
        uint256 first = termsBook.registerTerms(t);
        uint256 countAfterFirst = termsBook.termsCount();
        assertEq(termsBook.registerTerms(t), first, "same terms, same id");
        assertEq(termsBook.termsCount(), countAfterFirst, "no new terms written");
        t.duration = otherDuration;
        uint256 second = termsBook.registerTerms(t);
        assertTrue(second != first, "different terms, different id");
        assertEq(termsBook.termsIdOf(t), second, "lookup by content");
    }
}

contract HasAccessFuzzTest is LicensingFixture {
    address internal constant BUYER = address(0xB0B);
    address internal constant OTHER = address(0xCAFE);

    function setUp() public {
        _deployLicensing();
    }

    mapping(address => bool) internal funded;

    /// @dev Buys as `buyer`, funding it once (before any `expectRevert`, which applies to the next call).
    function _buy(address buyer, uint256 ipId, uint256 termsId) internal returns (uint256 licenseId) {
        if (!funded[buyer]) {
            funded[buyer] = true;
            _fund(buyer);
        }
        vm.prank(buyer);
        return licenses.buyLicense(ipId, termsId, FEE);
    }

    function testFuzz_accessLastsExactlyUntilExpiry(uint32 duration, uint32 elapsed) public {
        duration = uint32(bound(duration, 1, 10 * 365 days));
        uint256 termsId = termsBook.registerTerms(_terms(false, false, true, false, duration, 0));
        uint256 ipId = _registerWith(termsId);
        _buy(BUYER, ipId, termsId);
        vm.warp(block.timestamp + elapsed);
        assertTrue(licenses.hasAccess(ipId, BUYER, 0) == (elapsed < duration), "access iff unexpired");
    }

    function testFuzz_accessOnlyForTheUsesTheTermsAllow(uint8 flags, uint8 use) public {
        bool commercial = flags & 1 != 0;
        bool derivatives = flags & 2 != 0;
        bool ai = flags & 4 != 0;
        vm.assume(commercial || derivatives || ai);
        use = uint8(bound(use, 0, 2));
        uint256 termsId = termsBook.registerTerms(_terms(commercial, derivatives, ai, true, 0, 0));
        uint256 ipId = _registerWith(termsId);
        _buy(BUYER, ipId, termsId);
        bool allowed = use == 0 ? ai : use == 1 ? commercial : derivatives;
        assertTrue(licenses.hasAccess(ipId, BUYER, use) == allowed, "access matches the terms");
        assertTrue(!licenses.hasAccess(ipId, OTHER, use), "no license, no access");
        assertTrue(!licenses.hasAccess(ipId + 1, BUYER, use), "a license of one IP says nothing of another");
    }

    function testFuzz_noSaleBeyondTheCap(uint8 cap, uint8 buyers) public {
        cap = uint8(bound(cap, 1, 20));
        buyers = uint8(bound(buyers, 1, 30));
        uint256 termsId = termsBook.registerTerms(_terms(true, false, false, true, 0, cap));
        uint256 ipId = _registerWith(termsId);
        for (uint256 i = 0; i < buyers; i++) {
            address buyer = address(uint160(0x1000 + i));
            if (i < cap) {
                _buy(buyer, ipId, termsId);
                assertTrue(licenses.hasAccess(ipId, buyer, 1), "buyer within the cap has access");
            } else {
                funded[buyer] = true;
                _fund(buyer);
                vm.expectRevert(abi.encodeWithSelector(ILicenseToken.LicenseTokenCapReached.selector, ipId, termsId, cap));
                _buy(buyer, ipId, termsId);
                assertTrue(!licenses.hasAccess(ipId, buyer, 1), "buyer past the cap has no access");
            }
        }
        assertEq(licenses.getOffer(ipId, termsId).sold, buyers < cap ? buyers : cap, "sold count");
    }

    function testFuzz_transferMovesAccessOnlyWhenTheTermsAllowIt(bool transferable, address to) public {
        vm.assume(to != address(0) && to != BUYER && to.code.length == 0);
        uint256 termsId = termsBook.registerTerms(_terms(false, false, true, transferable, 0, 0));
        uint256 ipId = _registerWith(termsId);
        uint256 licenseId = _buy(BUYER, ipId, termsId);
        if (!transferable) {
            vm.expectRevert(abi.encodeWithSelector(ILicenseToken.LicenseTokenNotTransferable.selector, licenseId));
        }
        vm.prank(BUYER);
        licenses.transferFrom(BUYER, to, licenseId);
        assertTrue(licenses.hasAccess(ipId, BUYER, 0) == !transferable, "the seller keeps access only if it stayed");
        assertTrue(licenses.hasAccess(ipId, to, 0) == transferable, "the receiver has access only if it moved");
    }

    function testFuzz_noDerivativeWithoutALicenseThatAllowsIt(uint256 licenseId, bool derivativesAllowed) public {
        uint256 termsId = termsBook.registerTerms(_terms(true, derivativesAllowed, false, true, 0, 0));
        uint256 parentIpId = _registerWith(termsId);
        uint256 held = _buy(BUYER, parentIpId, termsId);
        // any license id other than the one the buyer holds (or one the buyer holds that forbids derivatives) fails
        uint256[] memory parents = new uint256[](1);
        parents[0] = licenseId == held && derivativesAllowed ? held + 1 : licenseId;
        IIPRegistry.Registration memory r = _registration(parents, new uint256[](0));
        bytes32 salt = _commit(BUYER, r);
        vm.expectRevert(abi.encodeWithSelector(IIPRegistry.IPRegistryNoDerivativeLicense.selector, parents[0], BUYER));
        vm.prank(BUYER);
        registry.register(r, salt);
        if (derivativesAllowed) {
            parents[0] = held;
            uint256 child = _register(BUYER, _registration(parents, new uint256[](0)));
            assertEq(registry.parentsOf(child)[0].ipId, parentIpId, "the derivative names its parent");
        }
    }

    function testFuzz_aDerivativeLicenseMakesOneDerivativeAndStaysWithIt(bool transferable, bool commercial) public {
        uint256 termsId = termsBook.registerTerms(_terms(commercial, true, false, transferable, 0, 0));
        uint256 parentIpId = _registerWith(termsId);
        uint256 held = _buy(BUYER, parentIpId, termsId);
        uint256[] memory parents = new uint256[](1);
        parents[0] = held;
        _register(BUYER, _registration(parents, new uint256[](0)));
        assertTrue(!licenses.hasAccess(parentIpId, BUYER, 2), "a used license grants derivatives no more");
        assertTrue(licenses.hasAccess(parentIpId, BUYER, 1) == commercial, "it keeps its other uses");
        IIPRegistry.Registration memory again = _registration(parents, new uint256[](0));
        bytes32 salt = _commit(BUYER, again);
        vm.expectRevert(abi.encodeWithSelector(IIPRegistry.IPRegistryNoDerivativeLicense.selector, held, BUYER));
        vm.prank(BUYER);
        registry.register(again, salt);
        vm.expectRevert(
            transferable
                ? abi.encodeWithSelector(ILicenseToken.LicenseTokenUsedForDerivative.selector, held)
                : abi.encodeWithSelector(ILicenseToken.LicenseTokenNotTransferable.selector, held)
        );
        vm.prank(BUYER);
        licenses.transferFrom(BUYER, OTHER, held);
    }

    function testFuzz_onlyTheRegistryUsesALicenseForADerivative(address caller) public {
        vm.assume(caller != address(registry));
        vm.expectRevert(abi.encodeWithSelector(ILicenseToken.LicenseTokenUnauthorized.selector, caller));
        vm.prank(caller);
        licenses.useForDerivative(1, caller, 1);
    }

    function testFuzz_aContentHashIsRegisteredOnce(bytes32 contentHash) public {
        vm.assume(contentHash != bytes32(0));
        IIPRegistry.Registration memory r = _registration(new uint256[](0), new uint256[](0));
        r.contentHash = contentHash;
        uint256 ipId = _register(address(this), r);
        assertEq(registry.ipIdOfContentHash(contentHash), ipId, "lookup");
        bytes32 salt = _commit(OTHER, r);
        vm.expectRevert(abi.encodeWithSelector(IIPRegistry.IPRegistryAlreadyRegistered.selector, contentHash, ipId));
        vm.prank(OTHER);
        registry.register(r, salt);
    }
}
