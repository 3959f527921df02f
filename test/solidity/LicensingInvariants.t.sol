// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IIPRegistry} from "../../contracts/interfaces/IIPRegistry.sol";
import {ILicenseTerms} from "../../contracts/interfaces/ILicenseTerms.sol";
import {ILicenseToken} from "../../contracts/interfaces/ILicenseToken.sol";
import {IPRegistry} from "../../contracts/IPRegistry.sol";
import {IUsageMeter} from "../../contracts/interfaces/IUsageMeter.sol";
import {LicenseTerms} from "../../contracts/LicenseTerms.sol";
import {LicenseToken} from "../../contracts/LicenseToken.sol";
import {LicensingFixture} from "./utils/LicensingFixture.sol";
import {LicensingHandler} from "./utils/LicensingHandler.sol";
import {UsageMeter} from "../../contracts/UsageMeter.sol";

/**
 * @dev Invariants of the licensing contracts under random sequences of the handler's actions (Hardhat 3 / EDR
 * invariant testing: every `invariant_*` function is checked after each call the fuzzer makes to the targets).
 */
contract LicensingInvariantTest is LicensingFixture {
    LicensingHandler internal handler;
    address[] internal _targets;

    function setUp() public {
        _deployLicensing();
        handler = new LicensingHandler(termsBook, registry, licenses, CURRENCY, meter);
        _targets.push(address(handler));
        // terms that allow derivatives and metered terms, so that sequences reach them early
        handler.registerTerms(3); // commercial + derivatives, transferable: no; never expires; free
        handler.registerTerms(14 + 16 + 32); // derivatives + AI training + transferable, 30 days, a fee
        handler.registerTerms(4 + 64); // AI training, metered, free
        handler.registerTerms(4 + 8 + 32 + 64); // AI training, transferable, a fee and metered
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
        assertEq(termsBook.termsCount(), termsBook.PRESET_COUNT() + n, "presets plus one id per distinct terms");
        for (uint256 i = 0; i < n; i++) {
            uint256 key = handler.ghostTermsKeys(i);
            ILicenseTerms.Terms memory t = handler.termsOf(key);
            uint256 termsId = handler.ghostTermsIdOf(key);
            assertEq(termsBook.termsIdOf(t), termsId, "terms map to their first id");
            assertTrue(termsBook.hashTerms(termsBook.getTerms(termsId)) == termsBook.hashTerms(t), "stored as given");
        }
    }

    /// @notice Access is exactly what the licenses an account holds grant by the naive model: no account that
    /// never held a license has access to anything, and an account that owes more metered units for an IP than a
    /// license's bound has no access through that license, whichever license it used.
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 40
    function invariant_accessIsWhatTheHeldLicensesGrant() public view {
        uint256 ipCount = registry.ipCount();
        for (uint256 ipId = 1; ipId <= ipCount; ipId++) {
            for (uint8 use = 0; use < 3; use++) {
                assertTrue(!licenses.hasAccess(ipId, handler.BYSTANDER(), use), "bystander has access");
                for (uint256 a = 0; a < handler.actorCount(); a++) {
                    address actor = handler.actors(a);
                    bool expected = _modelAccess(ipId, actor, use);
                    assertTrue(licenses.hasAccess(ipId, actor, use) == expected, "access differs from the model");
                    uint256 licenseId = licenses.findLicense(ipId, actor, use);
                    if (licenseId == 0) continue;
                    assertTrue(handler.everHeldALicense(actor), "access without ever holding a license");
                    assertTrue(_modelGrants(licenseId, ipId, actor, use), "found a license that grants nothing");
                }
            }
        }
    }

    /// @notice What an account owes follows the account: per license and licensee as the receipts it signed
    /// left it, per IP the sum of what it left unpaid under any license of it, burned or transferred ones included.
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 40
    function invariant_debtFollowsTheAccountThatUsedTheLicense() public view {
        uint256 minted = licenses.licenseCount();
        for (uint256 a = 0; a < handler.actorCount(); a++) {
            address actor = handler.actors(a);
            for (uint256 licenseId = 1; licenseId <= minted; licenseId++) {
                IUsageMeter.Usage memory usage = meter.usageOf(licenseId, actor);
                IUsageMeter.Usage memory ghost = handler.ghostUsage(licenseId, actor);
                assertEq(usage.reported, ghost.reported, "units reported");
                assertEq(usage.paid, ghost.paid, "units paid");
            }
            for (uint256 ipId = 1; ipId <= registry.ipCount(); ipId++) {
                assertEq(meter.debtOf(ipId, actor), handler.ghostDebt(ipId, actor), "debt for the IP");
            }
        }
    }

    /// @notice Money only moves from payers to IP owners, exactly as fees and usage say; the license token and the
    /// meter never keep any.
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 40
    function invariant_paymentsGoFromPayersToIpOwnersAndNothingStaysBehind() public view {
        uint256 total;
        for (uint256 a = 0; a < handler.actorCount(); a++) {
            address actor = handler.actors(a);
            assertEq(currency.balanceOf(actor), handler.ghostBalance(actor), "balance");
            total += currency.balanceOf(actor);
        }
        assertEq(currency.balanceOf(address(licenses)), 0, "the license token keeps nothing");
        assertEq(currency.balanceOf(address(meter)), 0, "the meter keeps nothing");
        assertEq(total, currency.totalSupply(), "no money appears or vanishes");
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

    /// @dev Whether any license `account` owns (found by scanning every id, not through the holder index) grants
    /// `use` of `ipId` by the naive model.
    function _modelAccess(uint256 ipId, address account, uint8 use) internal view returns (bool) {
        uint256 minted = licenses.licenseCount();
        for (uint256 licenseId = 1; licenseId <= minted; licenseId++) {
            (uint256 licenseIp,,) = licenses.meteringOf(licenseId, account);
            if (licenseIp != ipId) continue;
            try licenses.ownerOf(licenseId) returns (address holder) {
                if (holder == account && _modelGrants(licenseId, ipId, account, use)) return true;
            } catch {}
        }
        return false;
    }

    /// @dev The naive model of a grant: the license is of this IP, held by `account`, unexpired, allows `use` (a
    /// license that made its derivative allows no other), and, for metered terms, `account` owes no more units for
    /// the IP than the terms' bound.
    function _modelGrants(uint256 licenseId, uint256 ipId, address account, uint8 use) internal view returns (bool) {
        if (licenses.ownerOf(licenseId) != account) return false;
        ILicenseToken.License memory license = licenses.getLicense(licenseId);
        if (license.ipId != ipId) return false;
        if (license.expiry != 0 && block.timestamp >= license.expiry) return false;
        ILicenseTerms.Terms memory t = termsBook.getTerms(license.termsId);
        bool allowed = use == 0
            ? t.aiTrainingAllowed
            : use == 1 ? t.commercialUse : t.derivativesAllowed && !handler.ghostUsedForDerivative(licenseId);
        if (!allowed) return false;
        return t.pricePerUnit == 0 || handler.ghostDebt(ipId, account) <= t.maxUnpaidUnits;
    }
}
