// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ISuperfluidPool} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";
import {IIPRegistry} from "./IIPRegistry.sol";
import {IShareToken} from "./IShareToken.sol";

/**
 * @title IRoyaltyPools
 * @notice Enables revenue shares for an IP: a share-token clone and a Superfluid GDA pool per IP, and the reads
 * the app needs to show money moving.
 */
interface IRoyaltyPools {
    /// @notice Revenue shares of `ipId` exist: `shareToken` (ERC-20) and its GDA `pool`; `owner` received them.
    event SharesEnabled(uint256 indexed ipId, address indexed shareToken, address indexed pool, address owner);
    /// @notice A parent of derivative `ipId` received `shares` of the derivative, the royalty it is owed.
    event ParentSharesMinted(uint256 indexed ipId, uint256 indexed parentIpId, uint256 shares);
    /// @notice Dataset `ipId`'s royalty pool is `pool`, owned by the Datasets contract: its income reaches its members.
    event DatasetPoolSet(uint256 indexed ipId, address indexed pool);

    /// @notice Only the IP's owner, or an account the owner approved for the IP-NFT (ERC-721 `approve` or
    /// `setApprovalForAll`), may enable its shares.
    error RoyaltyPoolsNotOwnerOrApproved(uint256 ipId, address caller);
    /// @notice Shares of this IP are already enabled.
    error RoyaltyPoolsSharesAlreadyEnabled(uint256 ipId, address shareToken);
    /// @notice A parent of this derivative has no shares yet, so it cannot receive its royalty share.
    error RoyaltyPoolsParentSharesNotEnabled(uint256 ipId, uint256 parentIpId);
    /// @notice A derivative's income must go through its pool, so that its parents receive their share.
    error RoyaltyPoolsDerivativeWithoutShares(uint256 ipId);
    /// @notice Only the Datasets contract may set a dataset's pool.
    error RoyaltyPoolsNotDatasets(address caller);
    /// @notice The IP already has a royalty pool (its shares, or its dataset's pool).
    error RoyaltyPoolsPoolAlreadySet(uint256 ipId, address pool);

    /// @notice The IP-NFT registry whose IPs get shares here.
    function ipRegistry() external view returns (IIPRegistry);

    /**
     * @notice Creates the share token (a clone) and the GDA pool of `ipId` and mints the fixed supply: to each
     * parent's share token the royalty it is owed (supply x royaltyBps / 10000, exact: the supply is a multiple
     * of 10000), the rest to the IP's owner. Only the IP's owner or an account it approved for the IP-NFT may
     * call it: enabling shares is irreversible and decides where the IP's income goes from then on.
     * @dev Errors: {RoyaltyPoolsNotOwnerOrApproved}, {RoyaltyPoolsSharesAlreadyEnabled},
     * {RoyaltyPoolsParentSharesNotEnabled}, {RoyaltyPoolsPoolAlreadySet} (an open dataset); ERC721NonexistentToken
     * for an unknown IP.
     */
    function enableShares(uint256 ipId) external returns (IShareToken shareToken);

    /**
     * @notice Makes `pool` the royalty pool of dataset `ipId` ({poolOf}), so that every payment for the dataset
     * (license fees, streams, metered usage) reaches its members. Only the Datasets contract; once per IP, never
     * after shares. Emits {DatasetPoolSet}.
     * @dev Errors: {RoyaltyPoolsNotDatasets}, {RoyaltyPoolsPoolAlreadySet}.
     */
    function setDatasetPool(uint256 ipId, ISuperfluidPool pool) external;

    /// @notice The ShareToken implementation every IP's share token is a clone of (see {predictShareToken}).
    function shareTokenImplementation() external view returns (address);

    /// @notice The Datasets contract, which sets datasets' pools.
    function datasets() external view returns (address);

    /// @notice The share token of `ipId`, or the zero address before shares are enabled.
    function shareTokenOf(uint256 ipId) external view returns (IShareToken);

    /// @notice The GDA royalty pool of `ipId` (a dataset's pool for an open dataset), or the zero address before
    /// shares are enabled: where every payment for the IP goes.
    function poolOf(uint256 ipId) external view returns (ISuperfluidPool);

    /// @notice The share token address of `ipId` before or after it exists (clones are deterministic).
    function predictShareToken(uint256 ipId) external view returns (address);

    /**
     * @notice What a holder of `ipId` shares earns: the flow rate into their balance (connected) or accruing in
     * the pool (not connected), what is claimable from the pool now, whether they are connected, and the
     * SuperToken balance now. Zeroes before shares are enabled.
     */
    function holderIncome(uint256 ipId, address holder)
        external
        view
        returns (int96 flowRate, int256 claimable, bool connected, int256 availableBalance, uint256 timestamp);

    /// @notice The total flow rate streaming into `ipId`'s pool now (0 before shares are enabled).
    function poolFlowRate(uint256 ipId) external view returns (int96);

    /// @notice The flow rate `licensee` distributes into `ipId`'s pool now.
    function licenseeFlowRate(uint256 ipId, address licensee) external view returns (int96);
}
