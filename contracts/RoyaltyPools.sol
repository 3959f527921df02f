// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {ISuperfluidPool, ISuperToken} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";
import {SuperTokenV1Library} from "@superfluid-finance/ethereum-contracts/contracts/apps/SuperTokenV1Library.sol";
import {IDisputes} from "./interfaces/IDisputes.sol";
import {IIPRegistry} from "./interfaces/IIPRegistry.sol";
import {IRoyaltyPools} from "./interfaces/IRoyaltyPools.sol";
import {IShareToken} from "./interfaces/IShareToken.sol";
import {SHARES_PER_IP, ShareToken} from "./ShareToken.sol";

/**
 * @title RoyaltyPools
 * @notice Turns an IP into something fans can own a share of: {enableShares} clones a {ShareToken} for the IP,
 * which creates the IP's Superfluid GDA pool and mints the fixed supply. From then on every payment for the IP
 * (license fees, metered usage, streams, ERC-2981 royalties) lands in that pool and reaches the holders.
 *
 * Derivative royalties: when a derivative's shares are enabled, each parent's share token receives
 * supply x royaltyBps / 10000 of the derivative's shares (and is connected to its pool). So every payment into
 * the derivative, instant or streamed, sends the share owed to each parent to the parent's share token, whose
 * {ShareToken-distributeIncome} passes it on to the parent's holders; the parent's cut can never be sold (nor
 * swept). A derivative earns only through its pool: license sales need its shares, and its ERC-2981 royalties wait
 * at its share token's predicted address until they are enabled (see IPRegistry.royaltyInfo).
 *
 * Only the IP's owner, or an account it approved for the IP-NFT, enables its shares: the choice is irreversible.
 *
 * Datasets: an open dataset's pool belongs to the Datasets contract, which registers it here ({setDatasetPool}), so
 * {poolOf} is the one place every payer (LicenseToken, UsageMeter, streams) resolves where an IP's income goes.
 *
 * @dev Shares are enabled in a call of their own, not in `register`: a pool plus a clone costs more than a whole
 * registration, and most works are registered before anyone buys shares. Superfluid lets an account connect to at
 * most 256 pools of a token, so a parent's share token can be connected to at most 256 derivatives' pools.
 */
contract RoyaltyPools is IRoyaltyPools {
    using SuperTokenV1Library for ISuperToken;

    uint256 private constant BPS = 10_000;

    /// @inheritdoc IRoyaltyPools
    IIPRegistry public immutable ipRegistry;
    /// @notice The SuperToken royalties are paid in.
    ISuperToken public immutable currency;
    /// @inheritdoc IRoyaltyPools
    address public immutable shareTokenImplementation;
    /// @inheritdoc IRoyaltyPools
    address public immutable datasets;

    struct Shares {
        IShareToken token;
        ISuperfluidPool pool;
    }

    mapping(uint256 ipId => Shares) private _shares;

    /// @param datasets_ The Datasets contract, the only caller that may set a dataset's pool as its royalty pool.
    /// @param disputes_ The Disputes contract, which pauses share sales of a disputed IP (see {ShareToken}).
    constructor(IIPRegistry ipRegistry_, ISuperToken currency_, address datasets_, IDisputes disputes_) {
        ipRegistry = ipRegistry_;
        currency = currency_;
        datasets = datasets_;
        shareTokenImplementation = address(new ShareToken(currency_, disputes_));
    }

    /// @inheritdoc IRoyaltyPools
    function enableShares(uint256 ipId) external returns (IShareToken shareToken) {
        IShareToken existing = _shares[ipId].token;
        if (address(existing) != address(0)) revert RoyaltyPoolsSharesAlreadyEnabled(ipId, address(existing));
        ISuperfluidPool datasetPool = _shares[ipId].pool;
        if (address(datasetPool) != address(0)) revert RoyaltyPoolsPoolAlreadySet(ipId, address(datasetPool));
        address owner = ipRegistry.ownerOf(ipId);
        if (msg.sender != owner && !_isApproved(owner, ipId)) revert RoyaltyPoolsNotOwnerOrApproved(ipId, msg.sender);
        IIPRegistry.Parent[] memory parents = ipRegistry.parentsOf(ipId);
        address[] memory parentTokens = new address[](parents.length);
        uint256[] memory parentShares = new uint256[](parents.length);
        uint256 supply = SHARES_PER_IP;
        for (uint256 i = 0; i < parents.length; i++) {
            parentTokens[i] = address(_shares[parents[i].ipId].token);
            if (parentTokens[i] == address(0)) revert RoyaltyPoolsParentSharesNotEnabled(ipId, parents[i].ipId);
            parentShares[i] = (supply * parents[i].royaltyBps) / BPS;
        }

        shareToken = IShareToken(Clones.cloneDeterministic(shareTokenImplementation, bytes32(ipId)));
        string memory id = Strings.toString(ipId);
        ShareToken(payable(address(shareToken))).initialize(
            ipId,
            string.concat("IP #", id, " revenue shares"),
            string.concat("IPS", id),
            owner,
            parentTokens,
            parentShares
        );
        ISuperfluidPool pool = shareToken.pool();
        _shares[ipId] = Shares({token: shareToken, pool: pool});
        emit SharesEnabled(ipId, address(shareToken), address(pool), owner);
        for (uint256 i = 0; i < parents.length; i++) {
            IShareToken(parentTokens[i]).connectToPool(pool);
            emit ParentSharesMinted(ipId, parents[i].ipId, parentShares[i]);
        }
    }

    /// @inheritdoc IRoyaltyPools
    function setDatasetPool(uint256 ipId, ISuperfluidPool pool) external {
        if (msg.sender != datasets) revert RoyaltyPoolsNotDatasets(msg.sender);
        ISuperfluidPool existing = _shares[ipId].pool;
        if (address(existing) != address(0)) revert RoyaltyPoolsPoolAlreadySet(ipId, address(existing));
        _shares[ipId].pool = pool;
        emit DatasetPoolSet(ipId, address(pool));
    }

    /// @dev The caller may act for `owner` on IP-NFT `ipId` (ERC-721 operator for all, or approved for this one).
    function _isApproved(address owner, uint256 ipId) private view returns (bool) {
        IERC721 nft = IERC721(address(ipRegistry));
        return nft.isApprovedForAll(owner, msg.sender) || nft.getApproved(ipId) == msg.sender;
    }

    /// @inheritdoc IRoyaltyPools
    function shareTokenOf(uint256 ipId) external view returns (IShareToken) {
        return _shares[ipId].token;
    }

    /// @inheritdoc IRoyaltyPools
    function poolOf(uint256 ipId) external view returns (ISuperfluidPool) {
        return _shares[ipId].pool;
    }

    /// @inheritdoc IRoyaltyPools
    function predictShareToken(uint256 ipId) external view returns (address) {
        return Clones.predictDeterministicAddress(shareTokenImplementation, bytes32(ipId));
    }

    /// @inheritdoc IRoyaltyPools
    function holderIncome(uint256 ipId, address holder)
        external
        view
        returns (int96 flowRate, int256 claimable, bool connected, int256 availableBalance, uint256 timestamp)
    {
        timestamp = block.timestamp;
        (availableBalance,,,) = currency.realtimeBalanceOfNow(holder);
        ISuperfluidPool pool = _shares[ipId].pool;
        if (address(pool) == address(0)) return (0, 0, false, availableBalance, timestamp);
        flowRate = pool.getMemberFlowRate(holder);
        claimable = pool.getClaimable(holder, uint32(block.timestamp));
        connected = currency.isMemberConnected(address(pool), holder);
    }

    /// @inheritdoc IRoyaltyPools
    function poolFlowRate(uint256 ipId) external view returns (int96) {
        ISuperfluidPool pool = _shares[ipId].pool;
        return address(pool) == address(0) ? int96(0) : pool.getTotalFlowRate();
    }

    /// @inheritdoc IRoyaltyPools
    function licenseeFlowRate(uint256 ipId, address licensee) external view returns (int96) {
        ISuperfluidPool pool = _shares[ipId].pool;
        return address(pool) == address(0) ? int96(0) : currency.getGDAFlowRate(licensee, pool);
    }
}
