// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title DatasetUnits
 * @notice The curator's pool units of a dataset: its stated share of the whole, rounded down, so that the curator
 * never takes more than it stated and the members never less.
 */
library DatasetUnits {
    uint256 internal constant BPS = 10_000;

    /**
     * @notice Units for a curator keeping `curatorBps` when the members hold `memberUnits`:
     * floor(memberUnits x curatorBps / (10000 - curatorBps)), or 1 while there are no members (so that a payment
     * into an empty dataset reaches the curator). `curatorBps` must be below 10000.
     */
    function curatorUnits(uint256 memberUnits, uint16 curatorBps) internal pure returns (uint128) {
        if (memberUnits == 0) return 1;
        return uint128((memberUnits * curatorBps) / (BPS - curatorBps));
    }
}
