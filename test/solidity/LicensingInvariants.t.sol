// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IIPRegistry} from "../../contracts/interfaces/IIPRegistry.sol";
import {ILicenseTerms} from "../../contracts/interfaces/ILicenseTerms.sol";
import {ILicenseToken} from "../../contracts/interfaces/ILicenseToken.sol";
import {IPRegistry} from "../../contracts/IPRegistry.sol";
import {LicenseTerms} from "../../contracts/LicenseTerms.sol";
import {LicenseToken} from "../../contracts/LicenseToken.sol";
import {LicensingFixture} from "./utils/LicensingFixture.sol";
import {TestBase} from "./utils/Vm.sol";

/**
 * @dev What the fuzzer may do to the licensing contracts, as a few actors: register terms (from a small space, so
 * the same terms come back often), register works (from a small space of content hashes, so duplicates are
 * tried), register derivatives with licenses they hold, attach terms, buy, transfer and burn licenses, and let
 * time pass. It keeps ghost records of what should be true, which the invariants compare with the contracts.
 * Fees are zero and shares are never enabled: no Superfluid here.
 */
contract LicensingHandler is TestBase {
    LicenseTerms internal immutable termsBook;
    IPRegistry internal immutable registry;
    LicenseToken internal immutable licenses;
    address internal immutable currency;

    /// @dev Actors 0..3 act; the bystander never buys nor receives a license.
    address[4] public actors = [address(0xA11CE), address(0xB0B), address(0xCA201), address(0xD0D0)];
    address public constant BYSTANDER = address(0xB1D);

    bytes32[] public registeredHashes;
    mapping(bytes32 contentHash => uint256 ipId) public ghostIpOf;
    uint256[] public ghostTermsKeys;
    mapping(uint256 key => uint256 termsId) public ghostTermsIdOf;
    mapping(address account => bool) public everHeldALicense;
    uint256[] public derivatives;
    mapping(uint256 ipId => uint256[]) internal _ghostParents;
    uint256 public calls;

    constructor(LicenseTerms termsBook_, IPRegistry registry_, LicenseToken licenses_, address currency_) {
        termsBook = termsBook_;
        registry = registry_;
        licenses = licenses_;
        currency = currency_;
    }

    function registerTerms(uint256 key) external {
        calls++;
        key = bound(key, 0, 31); // 5 bits: commercial, derivatives, ai, transferable, short duration
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
                // a derivative needs each license held by its registrant
                assertEq(licenses.ownerOf(parentLicenses[i]), actor, "derivative under a license not held");
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
        vm.prank(actor);
        try licenses.buyLicense(ipId, termsId, 0) {
            everHeldALicense[actor] = true;
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
        } catch {}
    }

    function burn(uint256 actorSeed, uint256 licenseSeed) external {
        calls++;
        uint256 minted = licenses.licenseCount();
        if (minted == 0) return;
        vm.prank(_actor(actorSeed));
        try licenses.burn(bound(licenseSeed, 1, minted)) {} catch {}
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

    // ------------------------------------------------------------------ helpers

    /// @dev Mostly terms this handler registered (free, so the fuzzer can buy them); sometimes any id, presets
    /// (which cost a fee, so every purchase under them reverts) and unknown ids included.
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

    /// @dev Terms from 5 bits: commercial, derivatives, AI training, transferable, a 30-day duration.
    function _termsOf(uint256 key) internal view returns (ILicenseTerms.Terms memory) {
        bool derivatives = key & 2 != 0;
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
            upfrontFee: 0,
            currency: currency,
            pricePerUnit: 0,
            maxUnpaidUnits: 0,
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

/**
 * @dev Invariants of the licensing contracts under random sequences of the handler's actions (Hardhat 3 / EDR
 * invariant testing: every `invariant_*` function is checked after each call the fuzzer makes to the targets).
 */
contract LicensingInvariantTest is LicensingFixture {
    LicensingHandler internal handler;
    address[] internal _targets;

    function setUp() public {
        _deployLicensing();
        handler = new LicensingHandler(termsBook, registry, licenses, CURRENCY);
        _targets.push(address(handler));
        // free terms that allow derivatives, so that sequences reach purchases and derivatives early
        handler.registerTerms(3); // commercial + derivatives, transferable: no; never expires
        handler.registerTerms(14 + 16); // derivatives + AI training + transferable, 30 days
    }

    /// @dev Read by the invariant fuzzer: only the handler is called.
    function targetContracts() public view returns (address[] memory) {
        return _targets;
    }

    /// @notice A content hash maps to exactly one IP id, whose certificate names that hash; ids are never reused.
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 40
    function invariant_aContentHashMapsToExactlyOneIp() public view {
        uint256 n = handler.registeredCount();
        assertEq(registry.ipCount(), n, "every IP comes from exactly one registration");
        for (uint256 i = 0; i < n; i++) {
            bytes32 contentHash = handler.registeredHashes(i);
            uint256 ipId = handler.ghostIpOf(contentHash);
            assertEq(registry.ipIdOfContentHash(contentHash), ipId, "lookup");
            assertTrue(registry.certificate(ipId).contentHash == contentHash, "certificate names the hash");
        }
    }

    /// @notice The same terms always have the same id, and only new terms get a new one.
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 40
    function invariant_termsAreDeduplicated() public view {
        uint256 n = handler.termsKeyCount();
        assertEq(termsBook.termsCount(), 4 + n, "presets plus one id per distinct terms");
        for (uint256 i = 0; i < n; i++) {
            uint256 key = handler.ghostTermsKeys(i);
            ILicenseTerms.Terms memory t = handler.termsOf(key);
            uint256 termsId = handler.ghostTermsIdOf(key);
            assertEq(termsBook.termsIdOf(t), termsId, "terms map to their first id");
            assertTrue(termsBook.hashTerms(termsBook.getTerms(termsId)) == termsBook.hashTerms(t), "stored as given");
        }
    }

    /// @notice No account that never held a license has access to anything; access always rests on a license.
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 40
    function invariant_noAccessWithoutALicense() public view {
        uint256 ipCount = registry.ipCount();
        for (uint256 ipId = 1; ipId <= ipCount; ipId++) {
            for (uint8 use = 0; use < 3; use++) {
                assertTrue(!licenses.hasAccess(ipId, handler.BYSTANDER(), use), "bystander has access");
                for (uint256 a = 0; a < handler.actorCount(); a++) {
                    address actor = handler.actors(a);
                    uint256 licenseId = licenses.findLicense(ipId, actor, use);
                    if (licenseId == 0) continue;
                    assertTrue(handler.everHeldALicense(actor), "access without ever holding a license");
                    _assertGrants(licenseId, ipId, actor, use);
                }
            }
        }
    }

    /// @notice A derivative's parents are exactly the licenses it was registered with, in order.
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 40
    function invariant_derivativesRecordTheirParents() public view {
        uint256 n = handler.derivativeCount();
        for (uint256 i = 0; i < n; i++) {
            uint256 ipId = handler.derivatives(i);
            uint256[] memory expected = handler.ghostParents(ipId);
            IIPRegistry.Parent[] memory parents = registry.parentsOf(ipId);
            assertEq(parents.length, expected.length, "parent count");
            for (uint256 j = 0; j < parents.length; j++) {
                assertEq(parents[j].licenseId, expected[j], "parent license");
            }
        }
    }

    /// @dev The naive model of a grant: the license is of this IP, held by `account`, unexpired, and allows `use`.
    function _assertGrants(uint256 licenseId, uint256 ipId, address account, uint8 use) internal view {
        assertEq(licenses.ownerOf(licenseId), account, "held by the account");
        ILicenseToken.License memory license = licenses.getLicense(licenseId);
        assertEq(license.ipId, ipId, "of this IP");
        assertTrue(license.expiry == 0 || block.timestamp < license.expiry, "unexpired");
        ILicenseTerms.Terms memory t = termsBook.getTerms(license.termsId);
        bool allowed = use == 0 ? t.aiTrainingAllowed : use == 1 ? t.commercialUse : t.derivativesAllowed;
        assertTrue(allowed, "terms allow the use");
    }
}
