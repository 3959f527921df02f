// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @dev The mint entry point of the local chain's test stablecoin (TestUSDC; Superfluid's TestToken has the same).
interface IMintableToken {
    function mint(address account, uint256 amount) external returns (bool);
}

/**
 * @title Faucet
 * @notice Hands out a fixed amount of the local chain's test stablecoin so a newcomer can try every
 * flow without bridging anything. Deployed by the dev deployment on chain 31337 only.
 */
contract Faucet {
    /// @notice The test stablecoin this faucet mints.
    IMintableToken public immutable token;
    /// @notice How much one drip mints, in the token's smallest unit.
    uint256 public immutable dripAmount;

    /// @notice Emitted when `to` receives `amount` of the test stablecoin.
    event Dripped(address indexed to, uint256 amount);

    /// @notice A drip to the zero address would burn the tokens.
    error FaucetInvalidRecipient(address to);

    constructor(IMintableToken token_, uint256 dripAmount_) {
        token = token_;
        dripAmount = dripAmount_;
    }

    /**
     * @notice Mints `dripAmount` of the test stablecoin to `to`.
     * @dev Reverts with {FaucetInvalidRecipient} for the zero address.
     */
    function drip(address to) external {
        if (to == address(0)) revert FaucetInvalidRecipient(to);
        emit Dripped(to, dripAmount);
        token.mint(to, dripAmount);
    }
}
