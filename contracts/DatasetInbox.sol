// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {
    ISuperfluidPool,
    ISuperToken
} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";
import {SuperTokenV1Library} from "@superfluid-finance/ethereum-contracts/contracts/apps/SuperTokenV1Library.sol";

/**
 * @title DatasetInbox
 * @notice The address a plain token transfer for one dataset goes to (an x402 `payTo`): it holds what it receives
 * until the Datasets contract flushes it, wrapping the currency's underlying ERC-20 and distributing everything
 * into the dataset's pool. One clone per dataset (EIP-1167, deterministic), deployed by Datasets on first flush.
 */
contract DatasetInbox {
    using SuperTokenV1Library for ISuperToken;
    using SafeERC20 for IERC20;

    /// @notice Only the Datasets contract that deployed this inbox may flush it.
    error DatasetInboxUnauthorized(address caller);

    /// @notice The Datasets contract (the deployer of the implementation; clones share its immutables).
    address public immutable datasets;
    /// @notice The SuperToken distributed into the pool.
    ISuperToken public immutable currency;

    constructor(ISuperToken currency_) {
        datasets = msg.sender;
        currency = currency_;
    }

    /**
     * @notice Wraps the underlying held here (all of it that makes whole currency wei) and distributes the largest
     * amount of the currency held here that `pool` can split exactly; the rest waits for the next flush.
     * @dev Errors: {DatasetInboxUnauthorized}.
     * @return paid What was distributed.
     */
    function flush(ISuperfluidPool pool) external returns (uint256 paid) {
        if (msg.sender != datasets) revert DatasetInboxUnauthorized(msg.sender);
        ISuperToken token = currency;
        IERC20 underlying = IERC20(token.getUnderlyingToken());
        if (address(underlying) != address(0)) {
            uint256 held = underlying.balanceOf(address(this));
            uint8 decimals = token.getUnderlyingDecimals();
            uint256 amount = decimals <= 18 ? held * 10 ** (18 - decimals) : held / 10 ** (decimals - 18);
            if (amount != 0) {
                uint256 wrapped = decimals <= 18 ? held : amount * 10 ** (decimals - 18);
                underlying.forceApprove(address(token), wrapped);
                token.upgrade(amount);
            }
        }
        uint256 balance = token.balanceOf(address(this));
        if (balance == 0) return 0;
        paid = token.distribute(pool, balance);
    }
}
