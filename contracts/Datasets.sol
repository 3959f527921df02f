// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {
    ISuperfluidPool,
    ISuperToken,
    PoolConfig
} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";
import {SuperTokenV1Library} from "@superfluid-finance/ethereum-contracts/contracts/apps/SuperTokenV1Library.sol";
import {DatasetInbox} from "./DatasetInbox.sol";
import {DatasetUnits} from "./libraries/DatasetUnits.sol";
import {IDatasets} from "./interfaces/IDatasets.sol";
import {IIPRegistry} from "./interfaces/IIPRegistry.sol";
import {ILicenseToken} from "./interfaces/ILicenseToken.sol";
import {IRoyaltyPools} from "./interfaces/IRoyaltyPools.sol";
import {IShareToken} from "./interfaces/IShareToken.sol";

/**
 * @title Datasets
 * @notice Datasets that pay every contributor through one Superfluid GDA pool each: see {IDatasets}.
 *
 * Units are fixed per dataset when it opens ({DatasetUnits}) so that the curator holds exactly its stated share of
 * them. The GDA pays whole wei per unit: an instant payment distributes the largest multiple of the pool's total
 * units (the rest stays with the payer), a stream flows at a multiple of them, and every holder receives exactly
 * units x (what flowed per unit): the curator's part of what was distributed is exactly its share.
 *
 * @dev This contract is the admin of every dataset pool. The GDA sends a pool's adjustment flow (a stream's
 * rounding remainder, below the pool's total units in wei per second) to its admin; it is not attributed to one
 * dataset and stays here.
 */
contract Datasets is IDatasets, EIP712, ReentrancyGuardTransient {
    using SuperTokenV1Library for ISuperToken;

    /// @inheritdoc IDatasets
    uint256 public constant MAX_MEMBERS = 10_000;
    /// @inheritdoc IDatasets
    uint256 public constant MAX_BATCH = 50;
    /// @inheritdoc IDatasets
    uint32 public constant MAX_WEIGHT = 10_000;
    /// @inheritdoc IDatasets
    uint16 public constant MAX_CURATOR_BPS = 9_000;
    /// @inheritdoc IDatasets
    bytes32 public constant MEMBER_CONSENT_TYPEHASH =
        keccak256("MemberConsent(uint256 datasetId,uint256 memberIpId,uint32 weight,uint64 deadline,uint256 nonce)");
    uint8 private constant ADDED = 1;
    uint8 private constant REMOVED = 2;

    /// @notice The IP-NFT registry datasets and their member works are registered in.
    IIPRegistry public immutable ipRegistry;
    /// @notice The license token whose licenses can give a curator consent.
    ILicenseToken public immutable licenseToken;
    /// @notice Where each IP's royalty pool is resolved (a dataset's pool is registered there).
    IRoyaltyPools public immutable royaltyPools;
    /// @notice The SuperToken datasets are paid in.
    ISuperToken public immutable currency;
    /// @notice The implementation every dataset's inbox is a clone of.
    address public immutable inboxImplementation;
    address private immutable _shareTokenImplementation;

    /// @dev A dataset in four words (the first holds all that adding a member reads).
    struct Record {
        ISuperfluidPool pool;
        uint16 curatorBps;
        uint32 memberCount;
        uint16 unitsPerWeight;
        uint16 curatorUnitsPerWeight;
        address curator;
        uint64 totalWeight;
        uint128 curatorUnits;
        bytes32 commitment;
    }

    mapping(uint256 datasetId => Record) private _datasets;
    mapping(uint256 datasetId => mapping(uint256 ipId => Membership)) private _members;
    mapping(address owner => mapping(uint256 nonce => bool)) private _nonceUsed;

    constructor(
        IIPRegistry ipRegistry_,
        ILicenseToken licenseToken_,
        IRoyaltyPools royaltyPools_,
        ISuperToken currency_
    ) EIP712("IPNFT Datasets", "1") {
        ipRegistry = ipRegistry_;
        licenseToken = licenseToken_;
        royaltyPools = royaltyPools_;
        currency = currency_;
        inboxImplementation = address(new DatasetInbox(currency_));
        _shareTokenImplementation = royaltyPools_.shareTokenImplementation();
    }

    // ------------------------------------------------------------------ curation

    /// @inheritdoc IDatasets
    function openDataset(uint256 datasetId, uint16 curatorBps) external nonReentrant returns (ISuperfluidPool pool) {
        if (ipRegistry.certificate(datasetId).kind != IIPRegistry.Kind.Dataset) revert DatasetsNotADataset(datasetId);
        address owner = ipRegistry.ownerOf(datasetId);
        if (msg.sender != owner && !_isApproved(owner, datasetId)) revert DatasetsNotCurator(datasetId, msg.sender);
        Record storage d = _datasets[datasetId];
        if (address(d.pool) != address(0)) revert DatasetsAlreadyOpen(datasetId);
        if (curatorBps > MAX_CURATOR_BPS) revert DatasetsCuratorShareTooHigh(curatorBps, MAX_CURATOR_BPS);
        if (address(royaltyPools.shareTokenOf(datasetId)) != address(0)) revert DatasetsSharesAlreadyEnabled(datasetId);

        pool = currency.createPool(
            address(this), PoolConfig({transferabilityForUnitsOwner: false, distributionFromAnyAddress: true})
        );
        (uint16 unitsPerWeight, uint16 curatorUnitsPerWeight) = DatasetUnits.unitsPerWeight(curatorBps);
        d.pool = pool;
        d.curatorBps = curatorBps;
        d.unitsPerWeight = unitsPerWeight;
        d.curatorUnitsPerWeight = curatorUnitsPerWeight;
        d.curator = owner;
        emit DatasetOpened(datasetId, owner, address(pool), curatorBps, unitsPerWeight);
        royaltyPools.setDatasetPool(datasetId, pool);
        _setCuratorUnits(datasetId, d);
        currency.tryConnectPoolFor(pool, owner);
    }

    /// @inheritdoc IDatasets
    function addMembers(uint256 datasetId, Member[] calldata members, Consent[] calldata consents)
        external
        nonReentrant
    {
        Record storage d = _curated(datasetId);
        uint256 n = members.length;
        if (n == 0 || n > MAX_BATCH || consents.length != n) revert DatasetsInvalidBatch(n, consents.length, MAX_BATCH);
        if (d.memberCount + n > MAX_MEMBERS) revert DatasetsTooManyMembers(datasetId, MAX_MEMBERS);
        ISuperfluidPool pool = d.pool;
        uint128 unitsPerWeight = d.unitsPerWeight;
        bytes32 commitment = d.commitment;
        uint64 totalWeight = d.totalWeight;
        for (uint256 i = 0; i < n; i++) {
            commitment = _add(datasetId, pool, unitsPerWeight, commitment, members[i], consents[i]);
            totalWeight += members[i].weight;
        }
        d.memberCount += uint32(n);
        d.totalWeight = totalWeight;
        d.commitment = commitment;
        _setCuratorUnits(datasetId, d);
    }

    /// @dev Adds one member (checks, consent, membership, event, units) and returns the commitment after it.
    function _add(
        uint256 datasetId,
        ISuperfluidPool pool,
        uint128 unitsPerWeight,
        bytes32 commitment,
        Member calldata member,
        Consent calldata consent
    ) private returns (bytes32) {
        uint256 ipId = member.ipId;
        uint32 weight = member.weight;
        if (weight == 0 || weight > MAX_WEIGHT) revert DatasetsInvalidWeight(ipId, weight, MAX_WEIGHT);
        if (_members[datasetId][ipId].active) revert DatasetsDuplicateMember(datasetId, ipId);
        bytes memory cid = _workCid(ipId);
        _checkConsent(datasetId, ipId, weight, consent);
        _members[datasetId][ipId] =
            Membership({active: true, weight: weight, addedAt: uint40(block.timestamp), removedAt: 0});
        commitment = keccak256(abi.encode(commitment, ADDED, ipId, keccak256(cid), weight));
        address payee = payeeOf(ipId);
        emit MemberAdded(datasetId, ipId, payee, weight, cid, consent.licenseId, commitment);
        pool.updateMemberUnits(payee, weight * unitsPerWeight);
        return commitment;
    }

    /// @inheritdoc IDatasets
    function removeMembers(uint256 datasetId, uint256[] calldata memberIpIds) external nonReentrant {
        Record storage d = _curated(datasetId);
        uint256 n = memberIpIds.length;
        if (n == 0 || n > MAX_BATCH) revert DatasetsInvalidBatch(n, n, MAX_BATCH);
        ISuperfluidPool pool = d.pool;
        bytes32 commitment = d.commitment;
        uint64 totalWeight = d.totalWeight;
        for (uint256 i = 0; i < n; i++) {
            uint256 ipId = memberIpIds[i];
            Membership storage m = _members[datasetId][ipId];
            if (!m.active) revert DatasetsNotAMember(datasetId, ipId);
            m.active = false;
            m.removedAt = uint40(block.timestamp);
            totalWeight -= m.weight;
            bytes memory cid = ipRegistry.certificate(ipId).contentCid;
            commitment = keccak256(abi.encode(commitment, REMOVED, ipId, keccak256(cid), uint32(0)));
            emit MemberRemoved(datasetId, ipId, cid, commitment);
            pool.updateMemberUnits(payeeOf(ipId), 0);
        }
        d.memberCount -= uint32(n);
        d.totalWeight = totalWeight;
        d.commitment = commitment;
        _setCuratorUnits(datasetId, d);
    }

    /// @inheritdoc IDatasets
    function syncCurator(uint256 datasetId) external nonReentrant {
        Record storage d = _open(datasetId);
        if (ipRegistry.ownerOf(datasetId) != d.curator) _setCuratorUnits(datasetId, d);
    }

    /// @inheritdoc IDatasets
    function cancelConsent(uint256 nonce) external {
        _useNonce(msg.sender, nonce);
    }

    // ------------------------------------------------------------------ money

    /// @inheritdoc IDatasets
    function pay(uint256 datasetId, uint256 amount) external nonReentrant returns (uint256 paid) {
        ISuperfluidPool pool = _open(datasetId).pool;
        currency.transferFrom(msg.sender, address(this), amount);
        paid = currency.distribute(pool, amount);
        if (paid == 0) revert DatasetsNothingToPay(datasetId, amount);
        if (paid < amount) currency.transfer(msg.sender, amount - paid);
        emit DatasetPaid(datasetId, msg.sender, paid);
    }

    /// @inheritdoc IDatasets
    function inboxOf(uint256 datasetId) public view returns (address) {
        return Clones.predictDeterministicAddress(inboxImplementation, bytes32(datasetId));
    }

    /// @inheritdoc IDatasets
    function flushInbox(uint256 datasetId) external nonReentrant returns (uint256 paid) {
        ISuperfluidPool pool = _open(datasetId).pool;
        address inbox = inboxOf(datasetId);
        if (inbox.code.length == 0) Clones.cloneDeterministic(inboxImplementation, bytes32(datasetId));
        paid = DatasetInbox(inbox).flush(pool);
        if (paid != 0) emit DatasetPaid(datasetId, inbox, paid);
    }

    /// @inheritdoc IDatasets
    function claim(uint256 datasetId, uint256 memberIpId) external nonReentrant {
        ISuperfluidPool pool = _open(datasetId).pool;
        address payee = payeeOf(memberIpId);
        currency.claimAll(pool, payee);
        emit MemberIncomeClaimed(datasetId, memberIpId, payee);
        if (address(royaltyPools.shareTokenOf(memberIpId)) == payee) IShareToken(payee).distributeIncome();
    }

    // ------------------------------------------------------------------ reads

    /// @inheritdoc IDatasets
    function datasetOf(uint256 datasetId) external view returns (Dataset memory) {
        Record memory d = _datasets[datasetId];
        return Dataset({
            pool: d.pool,
            curator: d.curator,
            curatorBps: d.curatorBps,
            memberCount: d.memberCount,
            totalWeight: d.totalWeight,
            curatorUnits: d.curatorUnits,
            unitsPerWeight: d.unitsPerWeight,
            membersCommitment: d.commitment
        });
    }

    /// @inheritdoc IDatasets
    function poolOf(uint256 datasetId) external view returns (ISuperfluidPool) {
        return _datasets[datasetId].pool;
    }

    /// @inheritdoc IDatasets
    function membersCommitment(uint256 datasetId) external view returns (bytes32) {
        return _datasets[datasetId].commitment;
    }

    /// @inheritdoc IDatasets
    function memberOf(uint256 datasetId, uint256 memberIpId) external view returns (Membership memory) {
        return _members[datasetId][memberIpId];
    }

    /// @inheritdoc IDatasets
    function isMember(uint256 datasetId, uint256 memberIpId) external view returns (bool) {
        return _members[datasetId][memberIpId].active;
    }

    /// @inheritdoc IDatasets
    function payeeOf(uint256 ipId) public view returns (address) {
        return Clones.predictDeterministicAddress(_shareTokenImplementation, bytes32(ipId), address(royaltyPools));
    }

    /// @inheritdoc IDatasets
    function memberIncome(uint256 datasetId, uint256 memberIpId)
        external
        view
        returns (int96 flowRate, int256 claimable, uint128 units, uint256 timestamp)
    {
        timestamp = block.timestamp;
        ISuperfluidPool pool = _datasets[datasetId].pool;
        if (address(pool) == address(0)) return (0, 0, 0, timestamp);
        address payee = payeeOf(memberIpId);
        units = pool.getUnits(payee);
        flowRate = pool.getMemberFlowRate(payee);
        claimable = pool.getClaimable(payee, uint32(block.timestamp));
    }

    /// @inheritdoc IDatasets
    function consentDigest(uint256 datasetId, uint256 memberIpId, uint32 weight, uint64 deadline, uint256 nonce)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(abi.encode(MEMBER_CONSENT_TYPEHASH, datasetId, memberIpId, weight, deadline, nonce))
        );
    }

    /// @inheritdoc IDatasets
    function consentNonceUsed(address owner, uint256 nonce) external view returns (bool) {
        return _nonceUsed[owner][nonce];
    }

    // ------------------------------------------------------------------ internals

    function _open(uint256 datasetId) private view returns (Record storage d) {
        d = _datasets[datasetId];
        if (address(d.pool) == address(0)) revert DatasetsNotOpen(datasetId);
    }

    /// @dev The open dataset `datasetId`, when the caller is its IP's owner (or approved for it).
    function _curated(uint256 datasetId) private view returns (Record storage d) {
        d = _open(datasetId);
        address owner = ipRegistry.ownerOf(datasetId);
        if (msg.sender != owner && !_isApproved(owner, datasetId)) revert DatasetsNotCurator(datasetId, msg.sender);
    }

    /// @dev The content CID of work `ipId`; reverts unless it is a registered work (not a style or dataset).
    function _workCid(uint256 ipId) private view returns (bytes memory) {
        try ipRegistry.certificate(ipId) returns (IIPRegistry.Certificate memory c) {
            if (c.kind == IIPRegistry.Kind.Work) return c.contentCid;
        } catch {}
        revert DatasetsNotAWork(ipId);
    }

    /**
     * @dev Reverts unless the curator may include `ipId`: it owns the work, holds a license of it that grants AI
     * training and commercial use now, or the owner signed this dataset, member, weight, deadline and nonce.
     */
    function _checkConsent(uint256 datasetId, uint256 ipId, uint32 weight, Consent calldata consent) private {
        address curator = ipRegistry.ownerOf(datasetId);
        uint256 licenseId = consent.licenseId;
        if (licenseId != 0) {
            IERC721 licenses = IERC721(address(licenseToken));
            if (
                licenses.ownerOf(licenseId) != curator || licenseToken.getLicense(licenseId).ipId != ipId
                    || !licenseToken.licenseGrants(licenseId, ILicenseToken.Use.AiTraining)
                    || !licenseToken.licenseGrants(licenseId, ILicenseToken.Use.Commercial)
            ) revert DatasetsLicenseDoesNotConsent(datasetId, ipId, licenseId);
            return;
        }
        address owner = ipRegistry.ownerOf(ipId);
        if (consent.signature.length == 0) {
            if (owner != curator) revert DatasetsNoConsent(datasetId, ipId);
            return;
        }
        if (block.timestamp > consent.deadline) revert DatasetsConsentExpired(ipId, consent.deadline);
        bytes32 digest = consentDigest(datasetId, ipId, weight, consent.deadline, consent.nonce);
        if (!SignatureChecker.isValidSignatureNow(owner, digest, consent.signature)) {
            revert DatasetsInvalidConsent(datasetId, ipId, owner);
        }
        _useNonce(owner, consent.nonce);
    }

    function _useNonce(address owner, uint256 nonce) private {
        if (_nonceUsed[owner][nonce]) revert DatasetsConsentNonceUsed(owner, nonce);
        _nonceUsed[owner][nonce] = true;
        emit ConsentNonceUsed(owner, nonce);
    }

    /**
     * @dev Sets the curator's units from the members' total weight W: W x curatorBps / g (see {DatasetUnits}), or 1
     * while there are no members (so that a payment into an empty dataset reaches the curator). Moves them to the IP's
     * current owner first.
     */
    function _setCuratorUnits(uint256 datasetId, Record storage d) private {
        address owner = ipRegistry.ownerOf(datasetId);
        address previous = d.curator;
        ISuperfluidPool pool = d.pool;
        uint128 units = DatasetUnits.curatorUnits(d.totalWeight, d.curatorUnitsPerWeight);
        if (owner != previous) {
            d.curator = owner;
            emit CuratorChanged(datasetId, previous, owner);
            pool.updateMemberUnits(previous, 0);
            currency.tryConnectPoolFor(pool, owner);
        } else if (units == d.curatorUnits) {
            return;
        }
        d.curatorUnits = units;
        emit CuratorUnitsUpdated(datasetId, owner, units);
        pool.updateMemberUnits(owner, units);
    }

    /// @dev The caller may act for `owner` on IP-NFT `ipId` (ERC-721 operator for all, or approved for this one).
    function _isApproved(address owner, uint256 ipId) private view returns (bool) {
        IERC721 nft = IERC721(address(ipRegistry));
        return nft.isApprovedForAll(owner, msg.sender) || nft.getApproved(ipId) == msg.sender;
    }
}
