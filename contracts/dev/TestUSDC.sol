// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/**
 * @title TestUSDC
 * @notice A TEST stablecoin shaped like Circle's USDC (FiatToken v2.2) where it matters to the product: 6 decimals,
 * an EIP-712 domain with version "2", and EIP-3009 authorizations (`transferWithAuthorization`,
 * `receiveWithAuthorization`, `cancelAuthorization`) signed by an EOA (ECDSA) or a contract (ERC-1271), so that
 * x402 payments and Superfluid wrapping work against it exactly as against USDC. It has no value: on chain 31337
 * anyone may {mint} up to {MINT_CAP} per call (the local faucet does); elsewhere only the constructor's supply exists
 * (a rehearsal chain funds its accounts by transfers, as on a public chain).
 */
contract TestUSDC is ERC20, EIP712 {
    /// @notice The EIP-3009 typehash of a transfer authorization (the same as USDC's).
    bytes32 public constant TRANSFER_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "TransferWithAuthorization(address from,address to,uint256 value,"
        "uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    /// @notice The EIP-3009 typehash of a receive authorization (the same as USDC's).
    bytes32 public constant RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,"
        "uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    /// @notice The EIP-3009 typehash of a cancellation (the same as USDC's).
    bytes32 public constant CANCEL_AUTHORIZATION_TYPEHASH =
        keccak256("CancelAuthorization(address authorizer,bytes32 nonce)");

    /// @notice The only chain where {mint} works: the local dev chain.
    uint256 public constant MINT_CHAIN_ID = 31337;
    /// @notice The most one {mint} call may create: 10 million tokens (6 decimals).
    uint256 public constant MINT_CAP = 10_000_000e6;

    mapping(address authorizer => mapping(bytes32 nonce => bool used)) private _authorizationStates;

    /// @notice Emitted when `authorizer`'s authorization `nonce` is used (a transfer happened).
    event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce);
    /// @notice Emitted when `authorizer` cancels its unused authorization `nonce`.
    event AuthorizationCanceled(address indexed authorizer, bytes32 indexed nonce);

    /// @notice The authorization is not valid yet: `validAfter` is not in the past.
    error TestUSDCAuthorizationNotYetValid(uint256 validAfter, uint256 nowTime);
    /// @notice The authorization has expired: `validBefore` is not in the future.
    error TestUSDCAuthorizationExpired(uint256 validBefore, uint256 nowTime);
    /// @notice The authorizer already used or canceled this nonce.
    error TestUSDCAuthorizationUsedOrCanceled(address authorizer, bytes32 nonce);
    /// @notice The signature is not the authorizer's (neither its ECDSA key nor its ERC-1271 answer).
    error TestUSDCInvalidSignature(address authorizer);
    /// @notice `receiveWithAuthorization` must be called by the payee.
    error TestUSDCCallerNotPayee(address caller, address payee);
    /// @notice Minting exists only on the local dev chain.
    error TestUSDCMintingUnavailable(uint256 chainId);
    /// @notice One mint may not exceed {MINT_CAP}.
    error TestUSDCMintCapExceeded(uint256 amount, uint256 cap);

    /**
     * @param name_ Token name, also the EIP-712 domain name (e.g. "Test USD Coin").
     * @param symbol_ Token symbol (e.g. "tUSDC").
     * @param holder Receives `initialSupply` (zero for none).
     * @param initialSupply Minted once to `holder`, on any chain.
     */
    constructor(string memory name_, string memory symbol_, address holder, uint256 initialSupply)
        ERC20(name_, symbol_)
        EIP712(name_, "2")
    {
        if (initialSupply > 0) _mint(holder, initialSupply);
    }

    /// @notice USDC's 6 decimals.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice The EIP-712 domain version, "2" as USDC's.
    function version() external pure returns (string memory) {
        return "2";
    }

    /// @notice The EIP-712 domain separator for this chain.
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice Whether `authorizer` has used or canceled `nonce`.
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool) {
        return _authorizationStates[authorizer][nonce];
    }

    /**
     * @notice Local chain only: mints `amount` to `to`, at most {MINT_CAP} per call (the faucet's entry point).
     * @dev Reverts with {TestUSDCMintingUnavailable} off chain 31337, {TestUSDCMintCapExceeded} above the cap.
     * @return Always true (the shape of Superfluid's TestToken, which the faucet calls).
     */
    function mint(address to, uint256 amount) external returns (bool) {
        if (block.chainid != MINT_CHAIN_ID) revert TestUSDCMintingUnavailable(block.chainid);
        if (amount > MINT_CAP) revert TestUSDCMintCapExceeded(amount, MINT_CAP);
        _mint(to, amount);
        return true;
    }

    /**
     * @notice Moves `value` from `from` to `to` with `from`'s signed EIP-3009 authorization; anyone may submit it.
     * @param signature 65-byte ECDSA signature, or any bytes `from`'s ERC-1271 `isValidSignature` accepts.
     */
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) public {
        _useAuthorization(
            TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce, signature
        );
        _transfer(from, to, value);
    }

    /// @notice {transferWithAuthorization} with the signature split as (v, r, s), as USDC accepts it.
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, abi.encodePacked(r, s, v));
    }

    /**
     * @notice Like {transferWithAuthorization}, but only the payee `to` may submit it, so a front-runner cannot
     * use the authorization outside the payee's own call.
     */
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) public {
        if (msg.sender != to) revert TestUSDCCallerNotPayee(msg.sender, to);
        _useAuthorization(
            RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce, signature
        );
        _transfer(from, to, value);
    }

    /// @notice {receiveWithAuthorization} with the signature split as (v, r, s).
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        receiveWithAuthorization(from, to, value, validAfter, validBefore, nonce, abi.encodePacked(r, s, v));
    }

    /// @notice Cancels `authorizer`'s unused authorization `nonce`, with its signature; anyone may submit it.
    function cancelAuthorization(address authorizer, bytes32 nonce, bytes memory signature) public {
        _requireUnused(authorizer, nonce);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(CANCEL_AUTHORIZATION_TYPEHASH, authorizer, nonce)));
        _requireSignedBy(authorizer, digest, signature);
        _authorizationStates[authorizer][nonce] = true;
        emit AuthorizationCanceled(authorizer, nonce);
    }

    /// @notice {cancelAuthorization} with the signature split as (v, r, s).
    function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s) external {
        cancelAuthorization(authorizer, nonce, abi.encodePacked(r, s, v));
    }

    /// @dev Checks time window, nonce and signature, then marks the nonce used (before the transfer: CEI).
    function _useAuthorization(
        bytes32 typehash,
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) private {
        if (block.timestamp <= validAfter) revert TestUSDCAuthorizationNotYetValid(validAfter, block.timestamp);
        if (block.timestamp >= validBefore) revert TestUSDCAuthorizationExpired(validBefore, block.timestamp);
        _requireUnused(from, nonce);
        bytes32 digest =
            _hashTypedDataV4(keccak256(abi.encode(typehash, from, to, value, validAfter, validBefore, nonce)));
        _requireSignedBy(from, digest, signature);
        _authorizationStates[from][nonce] = true;
        emit AuthorizationUsed(from, nonce);
    }

    function _requireUnused(address authorizer, bytes32 nonce) private view {
        if (_authorizationStates[authorizer][nonce]) revert TestUSDCAuthorizationUsedOrCanceled(authorizer, nonce);
    }

    function _requireSignedBy(address signer, bytes32 digest, bytes memory signature) private view {
        if (!SignatureChecker.isValidSignatureNow(signer, digest, signature)) revert TestUSDCInvalidSignature(signer);
    }
}
