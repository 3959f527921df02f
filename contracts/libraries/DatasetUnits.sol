// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/**
 * @title DatasetUnits
 * @notice The pool units of a dataset's members and curator, so that the curator's share is exactly the one it
 * stated. For a curator keeping `curatorBps`, with g = gcd(curatorBps, 10000 - curatorBps), a member of weight w
 * holds w x (10000 - curatorBps) / g units and the curator totalWeight x curatorBps / g: the curator then holds
 * curatorBps / 10000 of all units, to the unit, whatever the members and their weights. Both ratios are fixed when
 * the dataset opens, so no change of membership ever needs to revisit the other members.
 *
 * Dividing by g keeps the units as few as the share allows (a 10% curator: 9 units per weight for the members, 1
 * for the curator), which matters because the GDA pays whole wei per unit: an instant payment distributes the
 * largest multiple of the pool's total units, a stream flows at a multiple of them.
 *
 * Bounds: at most 9,999 units per weight (curatorBps 1), so a member of weight 10,000 holds under 10^8 units and
 * 10,000 such members under 10^12, with the curator's at most 9 times as many: far below uint128 (and below the
 * int96 the GDA requires of a pool's total units).
 */
library DatasetUnits {
    uint256 internal constant BPS = 10_000;

    /**
     * @notice Pool units per unit of weight for a member and for the curator when the curator keeps `curatorBps`
     * (below 10000): (10000 - curatorBps) / g and curatorBps / g, g = gcd(curatorBps, 10000 - curatorBps). With
     * `curatorBps` 0 they are 1 and 0.
     */
    function unitsPerWeight(uint16 curatorBps) internal pure returns (uint16 member, uint16 curator) {
        uint256 bps = curatorBps;
        uint256 rest = BPS - bps;
        uint256 g = gcd(bps, rest);
        return (uint16(rest / g), uint16(bps / g));
    }

    /**
     * @notice The curator's units when the members' weights add up to `totalWeight`: totalWeight x
     * `curatorUnitsPerWeight`, or 1 while there are no members (so that a payment into an empty dataset reaches the
     * curator).
     */
    function curatorUnits(uint256 totalWeight, uint256 curatorUnitsPerWeight) internal pure returns (uint128) {
        if (totalWeight == 0) return 1;
        return SafeCast.toUint128(totalWeight * curatorUnitsPerWeight);
    }

    /**
     * @notice The greatest common divisor of `a` and `b` (gcd(0, b) = b), by Euclid's algorithm. For numbers up to
     * 10,000 it loops at most 20 times (Lamé: n steps need numbers of at least the (n + 2)th Fibonacci number).
     */
    function gcd(uint256 a, uint256 b) internal pure returns (uint256) {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
