// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ILicenseTerms} from "../../contracts/interfaces/ILicenseTerms.sol";
import {ILicenseToken} from "../../contracts/interfaces/ILicenseToken.sol";
import {IUsageMeter} from "../../contracts/interfaces/IUsageMeter.sol";
import {ContractWallet} from "../../contracts/test/ContractWallet.sol";
import {LicensingFixture} from "./utils/LicensingFixture.sol";

contract LicensePaymentFuzzTest is LicensingFixture {
    address internal constant BUYER = address(0xB0B);
    address internal constant ARTIST = address(0xA57);

    function setUp() public {
        _deployLicensing();
    }

    function _ipWithFee(uint96 fee) internal returns (uint256 ipId, uint256 termsId) {
        ILicenseTerms.Terms memory t = _terms(false, false, true, true, 0, 0);
        t.upfrontFee = fee;
        termsId = termsBook.registerTerms(t);
        uint256[] memory termsIds = new uint256[](1);
        termsIds[0] = termsId;
        ipId = _register(ARTIST, _registration(new uint256[](0), termsIds));
    }

    function testFuzz_aPurchasePaysTheIpOwnerExactlyTheFeeAndLeavesNothingBehind(uint96 fee, uint96 maxFee) public {
        fee = uint96(bound(fee, 0, FUNDS));
        (uint256 ipId, uint256 termsId) = _ipWithFee(fee);
        _fund(BUYER);
        if (maxFee < fee) {
            vm.expectRevert(abi.encodeWithSelector(ILicenseToken.LicenseTokenFeeAboveMax.selector, fee, maxFee));
        }
        vm.prank(BUYER);
        licenses.buyLicense(ipId, termsId, maxFee);
        uint256 paid = maxFee < fee ? 0 : fee;
        assertEq(currency.balanceOf(ARTIST), paid, "the IP owner receives the fee");
        assertEq(currency.balanceOf(BUYER), FUNDS - paid, "the buyer pays the fee and nothing more");
        assertEq(currency.balanceOf(address(licenses)), 0, "the license token keeps nothing");
        assertTrue(licenses.hasAccess(ipId, BUYER, 0) == (maxFee >= fee), "a license exactly when paid for");
    }

    function testFuzz_aBuyerWhoCannotPayGetsNoLicense(uint96 fee, uint256 balance) public {
        fee = uint96(bound(fee, 1, type(uint96).max));
        balance = bound(balance, 0, fee - 1);
        (uint256 ipId, uint256 termsId) = _ipWithFee(fee);
        currency.mint(BUYER, balance);
        vm.prank(BUYER);
        currency.approve(address(licenses), type(uint256).max);
        vm.expectRevert();
        vm.prank(BUYER);
        licenses.buyLicense(ipId, termsId, fee);
        assertEq(licenses.licenseCount(), 0, "no license minted");
        assertTrue(!licenses.hasAccess(ipId, BUYER, 0), "no access");
    }

    function testFuzz_transfersNeverFillTheLanesAnAccountKeepsForItsOwnPurchases(uint8 sent, uint8 bought) public {
        sent = uint8(bound(sent, 0, 8));
        bought = uint8(bound(bought, 0, 8));
        (uint256 ipId, uint256 termsId) = _ipWithFee(0);
        address sender = address(0x5E4D);
        uint256 received;
        for (uint256 i = 0; i < sent; i++) {
            vm.prank(sender);
            uint256 licenseId = licenses.buyLicense(ipId, termsId, 0);
            if (received == licenses.MAX_LICENSES_BY_TRANSFER()) {
                vm.expectRevert(abi.encodeWithSelector(ILicenseToken.LicenseTokenReceiverFull.selector, BUYER, ipId, 4));
            } else {
                received++;
            }
            vm.prank(sender);
            licenses.transferFrom(sender, BUYER, licenseId);
        }
        assertEq(licenses.licensesOf(ipId, BUYER).length, received, "at most four licenses arrive by transfer");
        // whatever others sent, the account's own purchases fill every lane left
        for (uint256 i = 0; i < bought && received + i < 8; i++) {
            vm.prank(BUYER);
            licenses.buyLicense(ipId, termsId, 0);
        }
        uint256 own = bought < 8 - received ? bought : 8 - received;
        assertTrue(own >= (bought < 4 ? bought : 4), "at least four purchases always fit");
        assertEq(licenses.licensesOf(ipId, BUYER).length, received + own, "received plus bought");
        if (received + own == 8) {
            vm.expectRevert(abi.encodeWithSelector(ILicenseToken.LicenseTokenHolderFull.selector, BUYER, ipId, 8));
            vm.prank(BUYER);
            licenses.buyLicense(ipId, termsId, 0);
        }
    }
}

contract MeteredUsageFuzzTest is LicensingFixture {
    uint256 internal constant BUYER_KEY = 0xB0B;
    uint256 internal constant SELLER_KEY = 0x5E11;
    address internal constant ARTIST = address(0xA57);
    uint96 internal constant PRICE = 1e16;
    address internal buyer;
    address internal seller;

    function setUp() public {
        _deployLicensing();
        buyer = vm.addr(BUYER_KEY);
        seller = vm.addr(SELLER_KEY);
        _fund(buyer);
        _fund(seller);
    }

    /// @dev An IP offering metered AI-training terms at {PRICE} per unit with `fee` and `maxUnpaid`.
    function _meteredIp(uint96 fee, uint64 maxUnpaid, bool transferable) internal returns (uint256 ipId, uint256 termsId) {
        ILicenseTerms.Terms memory t = _terms(false, false, true, transferable, 0, 0);
        t.upfrontFee = fee;
        t.pricePerUnit = PRICE;
        t.maxUnpaidUnits = maxUnpaid;
        termsId = termsBook.registerTerms(t);
        uint256[] memory termsIds = new uint256[](1);
        termsIds[0] = termsId;
        ipId = _register(ARTIST, _registration(new uint256[](0), termsIds));
    }

    function _settle(uint256 key, uint256 licenseId, uint64 units) internal returns (uint256) {
        (IUsageMeter.UsageReceipt memory receipt, bytes memory signature) = _signUsage(key, licenseId, units);
        return meter.settle(receipt, signature);
    }

    function testFuzz_meteredAccessFollowsTheAccountsDebtForTheIpThroughEveryLicense(
        uint64 units,
        uint64 maxUnpaid,
        bool canPay,
        bool secondIsFree
    ) public {
        units = uint64(bound(units, 1, 1_000));
        maxUnpaid = uint64(bound(maxUnpaid, 0, 1_000));
        (uint256 ipId, uint256 termsId) = _meteredIp(FEE, maxUnpaid, false);
        vm.prank(buyer);
        uint256 first = licenses.buyLicense(ipId, termsId, FEE);
        if (!canPay) {
            vm.prank(buyer);
            currency.approve(address(meter), 0);
        }
        _settle(BUYER_KEY, first, units);
        uint256 debt = canPay ? 0 : units;
        assertEq(meter.debtOf(ipId, buyer), debt, "what the account could not pay it owes for the IP");
        assertEq(currency.balanceOf(ARTIST), FEE + (canPay ? units * uint256(PRICE) : 0), "usage paid to the owner");
        assertTrue(licenses.hasAccess(ipId, buyer, 0) == (debt <= maxUnpaid), "access while within the bound");

        // a second license of the same IP (free or not) brings no fresh start
        uint256 secondTerms = termsId;
        if (secondIsFree) {
            ILicenseTerms.Terms memory t = termsBook.getTerms(termsId);
            t.upfrontFee = 0;
            t.legalTextURI = "urn:test:free";
            secondTerms = termsBook.registerTerms(t);
            vm.prank(ARTIST);
            licenses.attachTerms(ipId, secondTerms);
        }
        vm.prank(buyer);
        licenses.buyLicense(ipId, secondTerms, FEE);
        assertTrue(licenses.hasAccess(ipId, buyer, 0) == (debt <= maxUnpaid), "a second license changes nothing");

        // burning the license used changes nothing either; paying what is owed lifts the suspension
        vm.prank(buyer);
        licenses.burn(first);
        assertEq(meter.debtOf(ipId, buyer), debt, "the debt outlives the token");
        if (debt != 0) {
            vm.prank(buyer);
            currency.approve(address(meter), type(uint256).max);
            vm.prank(buyer);
            meter.payOutstanding(first, buyer);
        }
        assertEq(meter.debtOf(ipId, buyer), 0, "paid up");
        assertTrue(licenses.hasAccess(ipId, buyer, 0), "access again");
        assertEq(currency.balanceOf(address(meter)), 0, "the meter keeps nothing");
    }

    function testFuzz_aReceiptIsChargedToItsSignerNeverToALaterOwner(uint64 sellerUnits, uint64 buyerUnits) public {
        sellerUnits = uint64(bound(sellerUnits, 1, 1_000_000));
        buyerUnits = uint64(bound(buyerUnits, 1, 1_000_000));
        (uint256 ipId, uint256 termsId) = _meteredIp(0, 0, true);
        vm.prank(seller);
        uint256 licenseId = licenses.buyLicense(ipId, termsId, 0);
        (IUsageMeter.UsageReceipt memory sellerReceipt, bytes memory sellerSignature) =
            _signUsage(SELLER_KEY, licenseId, sellerUnits);
        vm.prank(seller);
        licenses.transferFrom(seller, buyer, licenseId);

        meter.settle(sellerReceipt, sellerSignature);
        assertEq(currency.balanceOf(seller), FUNDS - sellerUnits * uint256(PRICE), "the seller pays its own usage");
        assertEq(currency.balanceOf(buyer), FUNDS, "the buyer pays nothing of it");
        _settle(BUYER_KEY, licenseId, buyerUnits);
        assertEq(currency.balanceOf(buyer), FUNDS - buyerUnits * uint256(PRICE), "the buyer pays only its own usage");
        assertEq(meter.usageOf(licenseId, seller).paid, sellerUnits, "the seller's counter");
        assertEq(meter.usageOf(licenseId, buyer).paid, buyerUnits, "the buyer's counter starts at zero");
    }

    /// @dev Each receipt of a batch of five is valid or, by the bits of `kinds`, one of the ways a receipt is bad.
    function testFuzz_aBatchSettlesEveryValidReceiptWhateverItsNeighbours(uint16 kinds) public {
        (uint256 ipId, uint256 termsId) = _meteredIp(0, 0, true);
        uint256 flatTerms = termsBook.registerTerms(_terms(false, false, true, true, 0, 0));
        vm.prank(ARTIST);
        licenses.attachTerms(ipId, flatTerms);

        IUsageMeter.UsageReceipt[] memory receipts = new IUsageMeter.UsageReceipt[](5);
        bytes[] memory signatures = new bytes[](5);
        bool[] memory valid = new bool[](5);
        uint256 expected;
        for (uint256 i = 0; i < 5; i++) {
            uint256 kind = (kinds >> (3 * i)) % 6;
            vm.prank(seller);
            uint256 licenseId = licenses.buyLicense(ipId, kind == 1 ? flatTerms : termsId, FEE);
            (receipts[i], signatures[i]) = _signUsage(SELLER_KEY, licenseId, uint64(10 + i));
            if (kind == 1) {
                // not metered: nothing to settle
            } else if (kind == 2) {
                signatures[i][0] = bytes1(uint8(signatures[i][0]) ^ 1); // a bad signature
            } else if (kind == 3) {
                receipts[i].licensee = buyer; // someone who never held it
            } else if (kind == 4) {
                receipts[i].licenseId = 1_000_000; // no such license
            } else if (kind == 5) {
                // an ERC-1271 signer that reverts
                ContractWallet wallet = new ContractWallet(buyer);
                vm.prank(buyer);
                wallet.setMode(ContractWallet.Mode.Reverts);
                vm.prank(seller);
                licenses.transferFrom(seller, address(wallet), licenseId);
                receipts[i].licensee = address(wallet);
            } else {
                valid[i] = true;
                expected += (10 + i) * uint256(PRICE);
            }
        }
        uint256 before = currency.balanceOf(seller);
        uint256 paid = meter.settleBatch(receipts, signatures);
        assertEq(paid, expected, "every valid receipt is paid");
        assertEq(before - currency.balanceOf(seller), expected, "charged to the signer");
        for (uint256 i = 0; i < 5; i++) {
            uint64 reported = meter.usageOf(receipts[i].licenseId, receipts[i].licensee).reported;
            assertEq(reported, valid[i] ? receipts[i].cumulativeUnits : 0, "only valid receipts are recorded");
        }
    }
}
