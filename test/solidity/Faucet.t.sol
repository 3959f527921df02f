// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Faucet, IMintableToken} from "../../contracts/dev/Faucet.sol";
import {TestBase} from "./utils/Vm.sol";

/// @dev Stands in for Superfluid's TestToken: same mint entry point, anyone may mint.
contract OpenMintToken is ERC20("Test", "TST"), IMintableToken {
    function mint(address account, uint256 amount) external returns (bool) {
        _mint(account, amount);
        return true;
    }
}

contract FaucetTest is TestBase {
    OpenMintToken private token;
    Faucet private faucet;
    uint256 private constant DRIP = 1000e18;

    function setUp() public {
        token = new OpenMintToken();
        faucet = new Faucet(token, DRIP);
    }

    function testFuzz_dripGivesEveryRecipientExactlyTheDripAmount(address to, uint8 times) public {
        vm.assume(to != address(0));
        uint256 n = bound(times, 1, 5);
        for (uint256 i = 0; i < n; i++) faucet.drip(to);
        assertEq(token.balanceOf(to), DRIP * n, "balance after drips");
    }

    function test_dripToTheZeroAddressRevertsWithFaucetInvalidRecipient() public {
        vm.expectRevert(abi.encodeWithSelector(Faucet.FaucetInvalidRecipient.selector, address(0)));
        faucet.drip(address(0));
    }
}
