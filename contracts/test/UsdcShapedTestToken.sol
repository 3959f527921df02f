// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC3009} from "@openzeppelin/contracts/token/ERC20/extensions/draft-ERC3009.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

/**
 * @title UsdcShapedTestToken
 * @notice TEST ONLY (never deployed by the deploy scripts): a stablecoin shaped like USDC for x402 payments in the
 * gateway's tests: 6 decimals, EIP-712 domain version "2", and EIP-3009 `transferWithAuthorization`, which is what
 * the x402 `exact` scheme settles with. Anyone may mint.
 */
contract UsdcShapedTestToken is ERC20, EIP712, ERC3009 {
    constructor() ERC20("USD Coin (test)", "USDC") EIP712("USD Coin (test)", "2") {}

    /// @notice USDC counts in millionths.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints `amount` to `to`: a test faucet.
    /// @dev Emits {Transfer} from the zero address.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
