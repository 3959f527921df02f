// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IIPRegistry} from "../../../contracts/interfaces/IIPRegistry.sol";
import {ILicenseTerms} from "../../../contracts/interfaces/ILicenseTerms.sol";
import {IUsageMeter} from "../../../contracts/interfaces/IUsageMeter.sol";
import {IPRegistry} from "../../../contracts/IPRegistry.sol";
import {LicenseTerms} from "../../../contracts/LicenseTerms.sol";
import {LicenseToken} from "../../../contracts/LicenseToken.sol";
import {UsageMeter} from "../../../contracts/UsageMeter.sol";
import {TestCurrency} from "./TestCurrency.sol";
import {TestBase} from "./Vm.sol";

/**
 * @dev What the fuzzer may do to the licensing contracts, as a few actors: register terms (from a small space, so
 * the same terms come back often), register works (from a small space of content hashes, so duplicates are
 * tried), register derivatives with licenses they hold, attach terms, buy, transfer and burn licenses, sign and
 * settle metered usage, allow or refuse the meter their tokens, pay what they owe, and let time pass. Fees and
 * usage are paid in a real ERC-20 (to the IP's owner: shares are never enabled, so no Superfluid here). It keeps
 * ghost records of what should be true (who holds what, who owes what, every balance), which the invariants
 * compare with the contracts.
 */
contract LicensingHandler is TestBase {
    uint256 public constant FUNDS = 1_000_000e18;
    uint96 internal constant FEE = 2e18;
    uint96 internal constant PRICE = 1e16;
    uint64 internal constant MAX_UNPAID = 5;

    LicenseTerms internal immutable termsBook;
    IPRegistry internal immutable registry;
    LicenseToken internal immutable licenses;
    address internal immutable currency;
    UsageMeter internal immutable meter;

    /// @dev Actors 0..3 act (and sign with their keys); the bystander never buys nor receives a license.
    uint256[4] internal keys = [uint256(0xA11CE), 0xB0B, 0xCA201, 0xD0D0];
    address[4] public actors;
    address public constant BYSTANDER = address(0xB1D);

    bytes32[] public registeredHashes;
    mapping(bytes32 contentHash => uint256 ipId) public ghostIpOf;
    uint256[] public ghostTermsKeys;
    mapping(uint256 key => uint256 termsId) public ghostTermsIdOf;
    mapping(address account => bool) public everHeldALicense;
    uint256[] public derivatives;
    mapping(uint256 ipId => uint256[]) internal _ghostParents;
    mapping(uint256 licenseId => bool) public ghostUsedForDerivative;
    mapping(uint256 licenseId => mapping(address account => bool)) public ghostHeld;
    mapping(address account => uint256) public ghostBalance;
    mapping(address account => bool) public ghostMeterAllowed;
    mapping(uint256 licenseId => mapping(address licensee => IUsageMeter.Usage)) internal _ghostUsage;
    mapping(uint256 ipId => mapping(address account => uint256 units)) public ghostDebt;
    uint256 public calls;

    constructor(
        LicenseTerms termsBook_,
        IPRegistry registry_,
        LicenseToken licenses_,
        address currency_,
        UsageMeter meter_
    ) {
        termsBook = termsBook_;
        registry = registry_;
        licenses = licenses_;
        currency = currency_;
        meter = meter_;
        for (uint256 i = 0; i < 4; i++) {
            address actor = vm.addr(keys[i]);
            actors[i] = actor;
            TestCurrency(currency_).mint(actor, FUNDS);
            ghostBalance[actor] = FUNDS;
            vm.startPrank(actor);
            TestCurrency(currency_).approve(address(licenses_), type(uint256).max);
            TestCurrency(currency_).approve(address(meter_), type(uint256).max);
            vm.stopPrank();
            ghostMeterAllowed[actor] = true;
        }
    }

    function registerTerms(uint256 key) external {
        calls++;
        key = bound(key, 0, 127); // 7 bits: commercial, derivatives, ai, transferable, short duration, fee, metered
        ILicenseTerms.Terms memory t = _termsOf(key);
        try termsBook.registerTerms(t) returns (uint256 termsId) {
            if (ghostTermsIdOf[key] == 0) {
                ghostTermsKeys.push(key);
                ghostTermsIdOf[key] = termsId;
            }
        } catch {
            // only terms granting no use are refused
            assertTrue(key & 7 == 0, "valid terms refused");
        }
    }

    function register(uint256 actorSeed, uint256 contentSeed, uint256 termsSeed) external {
        calls++;
        address actor = _actor(actorSeed);
        bytes32 contentHash = keccak256(abi.encode("content", bound(contentSeed, 0, 15)));
        uint256[] memory termsIds = new uint256[](termsSeed % 2);
        if (termsIds.length != 0) termsIds[0] = _someTerms(termsSeed);
        bytes32 salt = _commit(actor, contentHash);
        vm.prank(actor);
        try registry.register(_registration(contentHash, new uint256[](0), termsIds), salt) returns (uint256 ipId) {
            assertEq(ghostIpOf[contentHash], 0, "a content hash was registered twice");
            ghostIpOf[contentHash] = ipId;
            registeredHashes.push(contentHash);
        } catch {}
    }

    function registerDerivative(uint256 actorSeed, uint256 contentSeed, uint256 licenseSeed, uint256 count) external {
        calls++;
        address actor = _actor(actorSeed);
        // up to `count` licenses the actor holds (scanning at most 64 ids from a random start), so that most
        // attempts reach the registry's own checks (derivatives allowed, distinct parents) rather than ownership
        uint256 minted = licenses.licenseCount();
        if (minted == 0) return;
        uint256[] memory parentLicenses = new uint256[](bound(count, 1, 3));
        uint256 found;
        uint256 start = licenseSeed % minted;
        for (uint256 k = 0; k < minted && k < 64 && found < parentLicenses.length; k++) {
            uint256 licenseId = 1 + (start + k) % minted;
            try licenses.ownerOf(licenseId) returns (address holder) {
                if (holder == actor) parentLicenses[found++] = licenseId;
            } catch {}
        }
        if (found == 0) return;
        assembly ("memory-safe") {
            mstore(parentLicenses, found)
        }
        bytes32 contentHash = keccak256(abi.encode("derivative", bound(contentSeed, 0, 15)));
        bytes32 salt = _commit(actor, contentHash);
        vm.prank(actor);
        try registry.register(_registration(contentHash, parentLicenses, new uint256[](0)), salt) returns (uint256 ipId) {
            assertEq(ghostIpOf[contentHash], 0, "a content hash was registered twice");
            ghostIpOf[contentHash] = ipId;
            registeredHashes.push(contentHash);
            derivatives.push(ipId);
            for (uint256 i = 0; i < parentLicenses.length; i++) {
                // a derivative needs each license held by its registrant, and a license makes one derivative
                assertEq(licenses.ownerOf(parentLicenses[i]), actor, "derivative under a license not held");
                assertTrue(!ghostUsedForDerivative[parentLicenses[i]], "a license made a second derivative");
                ghostUsedForDerivative[parentLicenses[i]] = true;
                _ghostParents[ipId].push(parentLicenses[i]);
            }
        } catch {}
    }

    function attach(uint256 ipSeed, uint256 termsSeed) external {
        calls++;
        uint256 ipCount = registry.ipCount();
        if (ipCount == 0) return;
        uint256 ipId = bound(ipSeed, 1, ipCount);
        vm.prank(registry.ownerOf(ipId));
        try licenses.attachTerms(ipId, _someTerms(termsSeed)) {} catch {}
    }

    function buy(uint256 actorSeed, uint256 ipSeed, uint256 termsSeed) external {
        calls++;
        uint256 ipCount = registry.ipCount();
        if (ipCount == 0) return;
        address actor = _actor(actorSeed);
        uint256 ipId = bound(ipSeed, 1, ipCount);
        uint256[] memory attached = licenses.attachedTerms(ipId);
        if (attached.length == 0) return;
        uint256 termsId = attached[termsSeed % attached.length];
        uint256 fee = termsBook.getTerms(termsId).upfrontFee;
        vm.prank(actor);
        try licenses.buyLicense(ipId, termsId, type(uint256).max) returns (uint256 licenseId) {
            everHeldALicense[actor] = true;
            ghostHeld[licenseId][actor] = true;
            ghostBalance[actor] -= fee;
            ghostBalance[registry.ownerOf(ipId)] += fee;
        } catch {}
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 licenseSeed) external {
        calls++;
        uint256 minted = licenses.licenseCount();
        if (minted == 0) return;
        uint256 licenseId = bound(licenseSeed, 1, minted);
        address to = _actor(toSeed);
        address from = _actor(fromSeed);
        vm.prank(from);
        try licenses.transferFrom(from, to, licenseId) {
            everHeldALicense[to] = true;
            ghostHeld[licenseId][to] = true;
            assertTrue(licenses.licensesOf(licenses.getLicense(licenseId).ipId, to).length <= 4, "transfers crowd out");
        } catch {}
    }

    function burn(uint256 actorSeed, uint256 licenseSeed) external {
        calls++;
        uint256 minted = licenses.licenseCount();
        if (minted == 0) return;
        vm.prank(_actor(actorSeed));
        try licenses.burn(bound(licenseSeed, 1, minted)) {} catch {}
    }

    /// @dev `actor` signs usage of a license (mostly one it holds or held) and anyone settles it.
    function useMetered(uint256 actorSeed, uint256 licenseSeed, uint256 unitsSeed) external {
        calls++;
        uint256 minted = licenses.licenseCount();
        if (minted == 0) return;
        uint256 a = actorSeed % 4;
        uint256 licenseId = bound(licenseSeed, 1, minted);
        uint64 reported = _ghostUsage[licenseId][actors[a]].reported;
        // mostly new units, sometimes a replay
        IUsageMeter.UsageReceipt memory receipt = IUsageMeter.UsageReceipt({
            licenseId: licenseId,
            licensee: actors[a],
            cumulativeUnits: unitsSeed % 5 == 0 ? reported : reported + uint64(bound(unitsSeed, 1, 4))
        });
        (uint8 v, bytes32 r, bytes32 sig) = vm.sign(keys[a], meter.receiptDigest(receipt));
        (uint256 ipId, uint256 termsId,) = licenses.meteringOf(licenseId, receipt.licensee);
        uint96 price = termsBook.getTerms(termsId).pricePerUnit;
        bool settles = price != 0 && ghostHeld[licenseId][receipt.licensee];
        try meter.settle(receipt, abi.encodePacked(r, sig, v)) returns (uint256 paid) {
            assertTrue(settles, "an unmetered or never-held license was settled");
            _expectSettled(receipt, ipId, price, paid);
        } catch {
            assertTrue(!settles, "a valid receipt was refused");
        }
    }

    /// @dev The ghost of a settled receipt: paid in full when the licensee allows the meter, owed otherwise.
    function _expectSettled(IUsageMeter.UsageReceipt memory receipt, uint256 ipId, uint96 price, uint256 paid)
        internal
    {
        address actor = receipt.licensee;
        uint64 units = receipt.cumulativeUnits;
        IUsageMeter.Usage memory usage = _ghostUsage[receipt.licenseId][actor];
        if (units <= usage.reported) {
            assertEq(paid, 0, "a replay pays nothing");
        } else if (ghostMeterAllowed[actor]) {
            assertEq(paid, uint256(units - usage.paid) * price, "usage paid at the price");
            ghostDebt[ipId][actor] -= usage.reported - usage.paid;
            _ghostUsage[receipt.licenseId][actor] = IUsageMeter.Usage({reported: units, paid: units});
            ghostBalance[actor] -= paid;
            ghostBalance[registry.ownerOf(ipId)] += paid;
        } else {
            assertEq(paid, 0, "a refused payment pays nothing");
            ghostDebt[ipId][actor] += units - usage.reported;
            _ghostUsage[receipt.licenseId][actor].reported = units;
        }
    }

    /// @dev `actor` allows or refuses the meter its tokens.
    function allowMeter(uint256 actorSeed, bool allowed) external {
        calls++;
        address actor = _actor(actorSeed);
        vm.prank(actor);
        TestCurrency(currency).approve(address(meter), allowed ? type(uint256).max : 0);
        ghostMeterAllowed[actor] = allowed;
    }

    /// @dev `actor` pays what it owes under a license (burned or not).
    function payOwed(uint256 actorSeed, uint256 licenseSeed) external {
        calls++;
        uint256 minted = licenses.licenseCount();
        if (minted == 0) return;
        address actor = _actor(actorSeed);
        uint256 licenseId = bound(licenseSeed, 1, minted);
        IUsageMeter.Usage memory usage = _ghostUsage[licenseId][actor];
        vm.prank(actor);
        try meter.payOutstanding(licenseId, actor) returns (uint256 amount) {
            assertTrue(usage.reported > usage.paid && ghostMeterAllowed[actor], "paid without owing or allowing");
            (uint256 ipId,,) = licenses.meteringOf(licenseId, actor);
            ghostDebt[ipId][actor] -= usage.reported - usage.paid;
            _ghostUsage[licenseId][actor].paid = usage.reported;
            ghostBalance[actor] -= amount;
            ghostBalance[registry.ownerOf(ipId)] += amount;
        } catch {
            assertTrue(usage.reported == usage.paid || !ghostMeterAllowed[actor], "could not pay what it owes");
        }
    }

    function wait(uint256 secondsSeed) external {
        calls++;
        vm.warp(block.timestamp + bound(secondsSeed, 1, 40 days));
    }

    // ------------------------------------------------------------------ ghost reads

    function registeredCount() external view returns (uint256) {
        return registeredHashes.length;
    }

    function termsKeyCount() external view returns (uint256) {
        return ghostTermsKeys.length;
    }

    function derivativeCount() external view returns (uint256) {
        return derivatives.length;
    }

    function ghostParents(uint256 ipId) external view returns (uint256[] memory) {
        return _ghostParents[ipId];
    }

    function termsOf(uint256 key) external view returns (ILicenseTerms.Terms memory) {
        return _termsOf(key);
    }

    function actorCount() external pure returns (uint256) {
        return 4;
    }

    function ghostUsage(uint256 licenseId, address licensee) external view returns (IUsageMeter.Usage memory) {
        return _ghostUsage[licenseId][licensee];
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Mostly terms this handler registered; sometimes any id, presets (the streamed one cannot be bought
    /// without shares) and unknown ids included.
    function _someTerms(uint256 seed) internal view returns (uint256) {
        uint256 n = ghostTermsKeys.length;
        if (n == 0 || seed % 8 == 0) return bound(seed, 0, termsBook.termsCount() + 1);
        return ghostTermsIdOf[ghostTermsKeys[(seed >> 3) % n]];
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % 4];
    }

    /// @dev First step of a registration: `actor` commits to `contentHash`, and the chain moves to the next block.
    function _commit(address actor, bytes32 contentHash) internal returns (bytes32 salt) {
        salt = keccak256(abi.encode("salt", contentHash, actor, calls));
        bytes32 commitment = registry.registrationCommitment(contentHash, actor, salt);
        vm.prank(actor);
        registry.commitRegistration(commitment);
        vm.roll(block.number + 1);
    }

    /// @dev Terms from 7 bits: commercial, derivatives, AI training, transferable, a 30-day duration, an upfront
    /// fee, metered usage (a price per unit and a bound of unpaid units).
    function _termsOf(uint256 key) internal view returns (ILicenseTerms.Terms memory) {
        bool derivatives = key & 2 != 0;
        bool metered = key & 64 != 0;
        return ILicenseTerms.Terms({
            commercialUse: key & 1 != 0,
            derivativesAllowed: derivatives,
            aiTrainingAllowed: key & 4 != 0,
            attributionRequired: true,
            transferable: key & 8 != 0,
            duration: key & 16 != 0 ? 30 days : 0,
            maxLicenses: 3,
            derivativeRoyaltyBps: derivatives ? 1000 : 0,
            minStreamRate: 0,
            minStreamPeriod: 0,
            upfrontFee: key & 32 != 0 ? FEE : 0,
            currency: currency,
            pricePerUnit: metered ? PRICE : 0,
            maxUnpaidUnits: metered ? MAX_UNPAID : 0,
            legalTextURI: "urn:test:invariants"
        });
    }

    function _registration(bytes32 contentHash, uint256[] memory parents, uint256[] memory termsIds)
        internal
        pure
        returns (IIPRegistry.Registration memory)
    {
        return IIPRegistry.Registration({
            kind: IIPRegistry.Kind.Work,
            contentHash: contentHash,
            contentCid: abi.encodePacked(uint8(1), uint8(0x55), uint8(0x12), uint8(0x20), contentHash),
            metadataCid: abi.encodePacked(uint8(1), uint8(0x55), uint8(0x12), uint8(0x20), keccak256(abi.encode(contentHash))),
            c2paManifestHash: bytes32(0),
            royaltyBps: 500,
            parentLicenseIds: parents,
            termsIds: termsIds
        });
    }
}
