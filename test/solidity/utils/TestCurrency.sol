// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @dev The payment token of the Solidity fuzz fixture: a plain OpenZeppelin ERC-20 anyone may mint. It stands in
 * for the SuperToken only where no Superfluid agreement is involved (fees and usage paid to an IP's owner before
 * its shares exist); everything that touches Superfluid runs in the TypeScript tests against the real framework.
 */
contract TestCurrency is ERC20("Test USD", "tUSD") {
    function mint(address account, uint256 amount) external {
        _mint(account, amount);
    }

    /// @dev As a SuperToken without an underlying (a pure SuperToken) answers: nothing to wrap.
    function getUnderlyingToken() external pure returns (address) {
        return address(0);
    }
}
