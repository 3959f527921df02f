// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/**
 * @title ContractWallet
 * @notice TEST ONLY (never deployed by the deploy scripts): a smart-contract account, so tests can buy licenses
 * and sign usage receipts as a contract licensee does. Its owner makes calls through it ({execute}); it answers
 * ERC-1271 with the owner's ECDSA signature, or, as the test sets it, refuses, reverts, or loops until it runs out
 * of gas: the ways a contract signer can misbehave.
 */
contract ContractWallet is IERC1271 {
    enum Mode {
        OwnerSigns,
        Refuses,
        Reverts,
        BurnsAllGas
    }

    /// @notice The caller is not the wallet's owner.
    error ContractWalletNotOwner(address caller);
    /// @notice The wallet was told to revert when asked for a signature.
    error ContractWalletRefusesToAnswer();

    address public immutable owner;
    Mode public mode;

    constructor(address owner_) {
        owner = owner_;
    }

    /// @notice Sets how the wallet answers ERC-1271. Owner only.
    function setMode(Mode mode_) external {
        if (msg.sender != owner) revert ContractWalletNotOwner(msg.sender);
        mode = mode_;
    }

    /// @notice Calls `target` with `data` as this wallet, bubbling up any revert. Owner only.
    function execute(address target, bytes calldata data) external returns (bytes memory result) {
        if (msg.sender != owner) revert ContractWalletNotOwner(msg.sender);
        bool ok;
        (ok, result) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 digest, bytes calldata signature) external view returns (bytes4) {
        Mode m = mode;
        if (m == Mode.Reverts) revert ContractWalletRefusesToAnswer();
        if (m == Mode.BurnsAllGas) {
            uint256 spin;
            while (true) spin++;
        }
        if (m == Mode.Refuses) return bytes4(0xffffffff);
        (address signer, ECDSA.RecoverError error,) = ECDSA.tryRecover(digest, signature);
        return error == ECDSA.RecoverError.NoError && signer == owner ? this.isValidSignature.selector : bytes4(0xffffffff);
    }
}
