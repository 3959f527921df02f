// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ISuperfluidPool, ISuperToken} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";
import {IDatasets} from "./interfaces/IDatasets.sol";
import {IIPRegistry} from "./interfaces/IIPRegistry.sol";
import {ILicenseToken} from "./interfaces/ILicenseToken.sol";
import {IRoyaltyPools} from "./interfaces/IRoyaltyPools.sol";

/**
 * @title Datasets
 * @notice See {IDatasets}. Interface stub: the implementation follows.
 */
contract Datasets is IDatasets {
    /// @inheritdoc IDatasets
    uint256 public constant MAX_MEMBERS = 10_000;
    /// @inheritdoc IDatasets
    uint256 public constant MAX_BATCH = 200;
    /// @inheritdoc IDatasets
    uint32 public constant MAX_WEIGHT = 10_000;
    /// @inheritdoc IDatasets
    uint16 public constant MAX_CURATOR_BPS = 9_000;
    /// @inheritdoc IDatasets
    uint128 public constant UNITS_PER_WEIGHT = 100;
    /// @inheritdoc IDatasets
    bytes32 public constant MEMBER_CONSENT_TYPEHASH = keccak256(
        "MemberConsent(uint256 datasetId,uint256 memberIpId,uint32 weight,uint64 deadline,uint256 nonce)"
    );

    /// @notice The IP-NFT registry datasets and their member works are registered in.
    IIPRegistry public immutable ipRegistry;
    /// @notice The license token whose licenses can give a curator consent.
    ILicenseToken public immutable licenseToken;
    /// @notice Where each IP's royalty pool is resolved (a dataset's pool is registered there).
    IRoyaltyPools public immutable royaltyPools;
    /// @notice The SuperToken datasets are paid in.
    ISuperToken public immutable currency;

    constructor(IIPRegistry ipRegistry_, ILicenseToken licenseToken_, IRoyaltyPools royaltyPools_, ISuperToken currency_) {
        ipRegistry = ipRegistry_;
        licenseToken = licenseToken_;
        royaltyPools = royaltyPools_;
        currency = currency_;
    }

    /// @inheritdoc IDatasets
    function openDataset(uint256, uint16) external returns (ISuperfluidPool pool) {}
    /// @inheritdoc IDatasets
    function addMembers(uint256, Member[] calldata, Consent[] calldata) external {}
    /// @inheritdoc IDatasets
    function removeMembers(uint256, uint256[] calldata) external {}
    /// @inheritdoc IDatasets
    function syncCurator(uint256) external {}
    /// @inheritdoc IDatasets
    function pay(uint256, uint256) external returns (uint256 paid) {}
    /// @inheritdoc IDatasets
    function inboxOf(uint256) external view returns (address) {}
    /// @inheritdoc IDatasets
    function flushInbox(uint256) external returns (uint256 paid) {}
    /// @inheritdoc IDatasets
    function claim(uint256, uint256) external {}
    /// @inheritdoc IDatasets
    function cancelConsent(uint256) external {}
    /// @inheritdoc IDatasets
    function datasetOf(uint256) external view returns (Dataset memory) {}
    /// @inheritdoc IDatasets
    function poolOf(uint256) external view returns (ISuperfluidPool) {}
    /// @inheritdoc IDatasets
    function membersCommitment(uint256) external view returns (bytes32) {}
    /// @inheritdoc IDatasets
    function memberOf(uint256, uint256) external view returns (Membership memory) {}
    /// @inheritdoc IDatasets
    function isMember(uint256, uint256) external view returns (bool) {}
    /// @inheritdoc IDatasets
    function payeeOf(uint256) external view returns (address) {}
    /// @inheritdoc IDatasets
    function memberIncome(uint256, uint256) external view returns (int96, int256, uint128, uint256) {}
    /// @inheritdoc IDatasets
    function consentDigest(uint256, uint256, uint32, uint64, uint256) external view returns (bytes32) {}
    /// @inheritdoc IDatasets
    function consentNonceUsed(address, uint256) external view returns (bool) {}
}
