// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {DatasetUnits} from "../../contracts/libraries/DatasetUnits.sol";
import {TestBase} from "./utils/Vm.sol";

/**
 * The share arithmetic of a dataset's pool, fuzzed: members' units (weights x 100, up to 10,000 members of weight up
 * to 10,000) and the curator's units from its stated share. A payment splits as the GDA splits it, a whole number of
 * wei per unit (floor(amount / total units)) times each holder's units. What reaches the pool's holders then never
 * exceeds what was paid in, the curator never gets more than its stated share, and the members never less than
 * theirs minus one unit's worth. (The same property against the real Superfluid GDA, under random sequences of
 * payments, streams and membership changes, is test/contracts/datasets.invariants.test.ts.)
 */
contract DatasetUnitsFuzzTest is TestBase {
    uint256 internal constant MAX_MEMBER_UNITS = 10_000 * 10_000 * 100;

    function testFuzz_membersAndCuratorNeverReceiveMoreThanWasPaidIn(uint256 memberUnits, uint16 bps, uint128 amount)
        public
        pure
    {
        memberUnits = bound(memberUnits, 0, MAX_MEMBER_UNITS);
        bps = uint16(bound(bps, 0, 9_000));
        uint256 curator = DatasetUnits.curatorUnits(memberUnits, bps);
        uint256 total = memberUnits + curator;
        uint256 perUnit = amount / total;
        uint256 toMembers = memberUnits * perUnit;
        uint256 toCurator = curator * perUnit;
        assertLe(toMembers + toCurator, amount, "paid out no more than paid in");
        assertLe(toMembers, amount, "the members receive no more than paid in");
        if (memberUnits != 0) assertLe(toCurator * 10_000, uint256(amount) * bps, "no more than the curator's share");
    }

    function testFuzz_theCuratorsUnitsAreItsStatedShareRoundedDown(uint256 memberUnits, uint16 bps) public pure {
        memberUnits = bound(memberUnits, 1, MAX_MEMBER_UNITS);
        bps = uint16(bound(bps, 0, 9_000));
        uint256 curator = DatasetUnits.curatorUnits(memberUnits, bps);
        // curator / (members + curator) <= bps / 10000, and one more unit would pass it
        assertLe(curator * 10_000, (memberUnits + curator) * bps, "never above the stated share");
        assertTrue((curator + 1) * 10_000 > (memberUnits + curator + 1) * bps, "less than one unit below it");
    }

    function test_anEmptyDatasetPaysItsCuratorEverything() public pure {
        assertEq(DatasetUnits.curatorUnits(0, 0), 1, "no members, no share stated");
        assertEq(DatasetUnits.curatorUnits(0, 9_000), 1, "no members, 90% stated");
    }
}
