// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {DatasetUnits} from "../../contracts/libraries/DatasetUnits.sol";
import {TestBase} from "./utils/Vm.sol";

/**
 * The share arithmetic of a dataset's pool, fuzzed: units per weight fixed from the curator's stated share (0 to
 * 90%), members' total weight up to 10,000 members of weight up to 10,000. The curator holds exactly its stated
 * share of the units; a payment splits as the GDA splits it, a whole number of wei per unit (floor(amount / total
 * units)) times each holder's units, so what reaches the holders never exceeds what was paid in and the curator's
 * part of what was distributed is exactly its share. (The same property against the real Superfluid GDA, under
 * random sequences of payments, streams and membership changes, is test/contracts/datasets.invariants.test.ts.)
 */
contract DatasetUnitsFuzzTest is TestBase {
    uint256 internal constant MAX_TOTAL_WEIGHT = 10_000 * 10_000;
    uint16 internal constant MAX_CURATOR_BPS = 9_000;

    function _units(uint256 totalWeight, uint16 bps) private pure returns (uint256 members, uint256 curator) {
        (uint16 memberPerWeight, uint16 curatorPerWeight) = DatasetUnits.unitsPerWeight(bps);
        members = totalWeight * memberPerWeight;
        curator = DatasetUnits.curatorUnits(totalWeight, curatorPerWeight);
    }

    function testFuzz_withMembersTheCuratorHoldsExactlyItsStatedShareOfTheUnits(uint256 totalWeight, uint16 bps)
        public
        pure
    {
        totalWeight = bound(totalWeight, 1, MAX_TOTAL_WEIGHT);
        bps = uint16(bound(bps, 0, MAX_CURATOR_BPS));
        (uint256 members, uint256 curator) = _units(totalWeight, bps);
        assertEq(curator * 10_000, uint256(bps) * (curator + members), "curator / all units == bps / 10000");
    }

    function testFuzz_unitsPerWeightAreTheSmallestWholeNumbersInTheStatedRatio(uint16 bps) public pure {
        bps = uint16(bound(bps, 0, MAX_CURATOR_BPS));
        (uint16 member, uint16 curator) = DatasetUnits.unitsPerWeight(bps);
        assertTrue(member >= 1, "a member always holds units");
        assertEq(uint256(member) * bps, uint256(curator) * (10_000 - bps), "member : curator == (10000 - bps) : bps");
        assertEq(DatasetUnits.gcd(member, curator), 1, "no common factor left: as few units as the share allows");
    }

    function testFuzz_aPaymentReachesTheHoldersNoMoreThanPaidInAndTheCuratorExactlyItsShare(
        uint256 totalWeight,
        uint16 bps,
        uint128 amount
    ) public pure {
        totalWeight = bound(totalWeight, 1, MAX_TOTAL_WEIGHT);
        bps = uint16(bound(bps, 0, MAX_CURATOR_BPS));
        (uint256 members, uint256 curator) = _units(totalWeight, bps);
        uint256 perUnit = amount / (members + curator);
        uint256 toMembers = members * perUnit;
        uint256 toCurator = curator * perUnit;
        assertLe(toMembers + toCurator, amount, "paid out no more than paid in");
        assertEq(toCurator * 10_000, (toMembers + toCurator) * bps, "the curator's part of what was distributed");
    }

    function testFuzz_theLargestDatasetStaysFarWithinTheGdasUnitRange(uint16 bps) public pure {
        bps = uint16(bound(bps, 0, MAX_CURATOR_BPS));
        (uint256 members, uint256 curator) = _units(MAX_TOTAL_WEIGHT, bps);
        // 10,000 members of weight 10,000: under 10^12 member units, the curator's at most 9 times as many
        assertLe(members, 10 ** 12, "members' units");
        assertLe(members + curator, 10 ** 13, "all units, far below the int96 the GDA allows a pool");
    }

    function test_commonSharesNeedFewUnits() public pure {
        _assertUnitsPerWeight(1_000, 9, 1);
        _assertUnitsPerWeight(2_000, 4, 1);
        _assertUnitsPerWeight(2_500, 3, 1);
        _assertUnitsPerWeight(1_500, 17, 3);
        _assertUnitsPerWeight(9_000, 1, 9);
        _assertUnitsPerWeight(0, 1, 0);
        _assertUnitsPerWeight(1, 9_999, 1);
    }

    function test_anEmptyDatasetPaysItsCuratorEverything() public pure {
        assertEq(DatasetUnits.curatorUnits(0, 0), 1, "no members, no share stated");
        assertEq(DatasetUnits.curatorUnits(0, 9), 1, "no members, 90% stated");
    }

    function test_aCuratorKeepingNothingHoldsNoUnitsOnceThereAreMembers() public pure {
        (, uint16 curatorPerWeight) = DatasetUnits.unitsPerWeight(0);
        assertEq(DatasetUnits.curatorUnits(7, curatorPerWeight), 0, "0 bps, members of total weight 7");
    }

    function _assertUnitsPerWeight(uint16 bps, uint256 member, uint256 curator) private pure {
        (uint16 m, uint16 c) = DatasetUnits.unitsPerWeight(bps);
        assertEq(m, member, "member units per weight");
        assertEq(c, curator, "curator units per weight");
    }
}
