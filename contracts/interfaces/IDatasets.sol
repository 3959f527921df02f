// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ISuperfluidPool} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";

/**
 * @title IDatasets
 * @notice Datasets that pay every contributor. A dataset is an IP registered in the IPRegistry with
 * `Kind.Dataset`; its curator (the IP's owner) opens it here, which creates one Superfluid GDA pool for it and
 * makes that pool the dataset's royalty pool (`RoyaltyPools.poolOf(datasetId)`): every payment for the dataset IP
 * (license fees, streams, metered usage, {pay}, and x402 payments sent to {inboxOf}) is distributed through it,
 * at a gas cost that does not depend on how many members it has.
 *
 * Members are registered works, added in batches with their owners' consent, each with a weight. A member's pool
 * units (weight x the dataset's `unitsPerWeight`) belong to the work's share token address
 * (`RoyaltyPools.predictShareToken`, a deterministic clone address that exists before the share token is deployed):
 * income accrues in the pool as the member's claimable balance, anyone may {claim} it into the share token, and the
 * share token passes it on to the work's holders (`ShareToken.distributeIncome`) once the work's shares are enabled.
 *
 * The curator keeps its stated share, exactly: with g = gcd(curatorBps, 10000 - curatorBps), fixed when the dataset
 * opens, a member of weight w holds w x (10000 - curatorBps) / g units (the dataset's `unitsPerWeight`) and the
 * curator the members' total weight x curatorBps / g, so the curator holds curatorBps / 10000 of the pool's units to
 * the unit (1 unit, all of them, while there are no members; none when curatorBps is 0 and there are members).
 *
 * The member list is committed on chain: {membersCommitment} is a running keccak256 over every addition and
 * removal, in order, `keccak256(abi.encode(previous, op, memberIpId, keccak256(contentCid), weight))` with op 1 for
 * an addition and 2 for a removal (weight 0), starting from zero; each {MemberAdded} and {MemberRemoved} event
 * carries the member's CID, weight and the commitment after it, so anyone can recompute it from the events.
 *
 * Consent, per member, is one of: the curator owns the work; the curator holds a license of the work (`licenseId`)
 * that currently grants both AI training and commercial use; or the work's owner signed an EIP-712
 * `MemberConsent(uint256 datasetId,uint256 memberIpId,uint32 weight,uint64 deadline,uint256 nonce)` (ECDSA, or
 * ERC-1271 for a contract wallet), unexpired, whose nonce the owner never used nor cancelled.
 * EIP-712 domain: `{ name: "IPNFT Datasets", version: "1", chainId, verifyingContract: <this contract> }`.
 */
interface IDatasets {
    /// @notice A member to add: a registered work and its weight (1 to {MAX_WEIGHT}).
    struct Member {
        uint256 ipId;
        uint32 weight;
    }

    /**
     * @notice The consent for one member. Leave everything zero when the curator owns the work. Otherwise either
     * `licenseId` names a license the curator holds of the work (granting AI training and commercial use), or
     * `licenseId` is 0 and `signature` is the work owner's EIP-712 `MemberConsent` with `deadline` and `nonce`.
     */
    struct Consent {
        uint256 licenseId;
        uint64 deadline;
        uint256 nonce;
        bytes signature;
    }

    /// @notice A dataset as {datasetOf} returns it.
    struct Dataset {
        ISuperfluidPool pool;
        address curator;
        uint16 curatorBps;
        uint32 memberCount;
        uint64 totalWeight;
        uint128 curatorUnits;
        /// @dev A member's pool units per unit of weight: (10000 - curatorBps) / gcd(curatorBps, 10000 - curatorBps).
        uint128 unitsPerWeight;
        bytes32 membersCommitment;
    }

    /// @notice One work's place in a dataset, as {memberOf} returns it. `active` is false before it was added and
    /// after it was removed (then `removedAt` is set; a work removed and added again has a fresh `addedAt`).
    struct Membership {
        bool active;
        uint32 weight;
        uint40 addedAt;
        uint40 removedAt;
    }

    /// @notice The curator of `datasetId` opened it: its GDA `pool` is the dataset's royalty pool from now on; the
    /// curator keeps `curatorBps` of what it earns; each member holds weight x `unitsPerWeight` units of the pool.
    event DatasetOpened(
        uint256 indexed datasetId,
        address indexed curator,
        address indexed pool,
        uint16 curatorBps,
        uint128 unitsPerWeight
    );
    /// @notice Work `memberIpId` (content `contentCid`) joined `datasetId` with `weight`; its units (`payee`'s) are
    /// weight x the dataset's `unitsPerWeight`; `commitment` is {membersCommitment} after this addition.
    /// `licenseId` is the curator's license that gave consent, 0 when the curator owns the work or the owner signed.
    event MemberAdded(
        uint256 indexed datasetId,
        uint256 indexed memberIpId,
        address indexed payee,
        uint32 weight,
        bytes contentCid,
        uint256 licenseId,
        bytes32 commitment
    );
    /// @notice Work `memberIpId` left `datasetId`: its units are zero, it earns nothing more from the dataset;
    /// `commitment` is {membersCommitment} after this removal.
    event MemberRemoved(uint256 indexed datasetId, uint256 indexed memberIpId, bytes contentCid, bytes32 commitment);
    /// @notice The curator's units in `datasetId`'s pool are now `units` (held by `curator`).
    event CuratorUnitsUpdated(uint256 indexed datasetId, address indexed curator, uint128 units);
    /// @notice The dataset's curator changed to `curator` (the dataset IP-NFT's owner), with the curator's units.
    event CuratorChanged(uint256 indexed datasetId, address indexed previousCurator, address indexed curator);
    /// @notice `owner` cancelled (or used) consent nonce `nonce`: no consent signed with it can be used.
    event ConsentNonceUsed(address indexed owner, uint256 indexed nonce);
    /// @notice `payer` paid `amount` into `datasetId`'s pool (distributed at once to the curator and the members).
    event DatasetPaid(uint256 indexed datasetId, address indexed payer, uint256 amount);
    /// @notice The member `payee`'s claimable income in `datasetId`'s pool was claimed into its balance.
    event MemberIncomeClaimed(uint256 indexed datasetId, uint256 indexed memberIpId, address indexed payee);

    /// @notice The IP is not a registered dataset (`Kind.Dataset`).
    error DatasetsNotADataset(uint256 ipId);
    /// @notice Only the dataset IP's owner (its curator) may do this.
    error DatasetsNotCurator(uint256 datasetId, address caller);
    /// @notice The dataset is already open.
    error DatasetsAlreadyOpen(uint256 datasetId);
    /// @notice The dataset was never opened.
    error DatasetsNotOpen(uint256 datasetId);
    /// @notice The curator's share is above the most a curator may keep.
    error DatasetsCuratorShareTooHigh(uint16 curatorBps, uint16 maxBps);
    /// @notice The IP already has revenue shares (and a royalty pool of its own), so it cannot become a dataset.
    error DatasetsSharesAlreadyEnabled(uint256 datasetId);
    /// @notice The batch is empty, longer than {MAX_BATCH}, or its arrays differ in length.
    error DatasetsInvalidBatch(uint256 members, uint256 consents, uint256 maxBatch);
    /// @notice The member is not a registered work (unknown id, or a style or dataset).
    error DatasetsNotAWork(uint256 ipId);
    /// @notice The work is already a member of this dataset.
    error DatasetsDuplicateMember(uint256 datasetId, uint256 ipId);
    /// @notice The work is not a member of this dataset.
    error DatasetsNotAMember(uint256 datasetId, uint256 ipId);
    /// @notice The weight is 0 or above {MAX_WEIGHT}.
    error DatasetsInvalidWeight(uint256 ipId, uint32 weight, uint32 maxWeight);
    /// @notice The dataset would have more than {MAX_MEMBERS} members.
    error DatasetsTooManyMembers(uint256 datasetId, uint256 max);
    /// @notice No consent for this member: the curator neither owns the work nor holds a license of it that grants
    /// AI training and commercial use, and gave no owner's signature.
    error DatasetsNoConsent(uint256 datasetId, uint256 ipId);
    /// @notice The license is not the curator's, not of this work, or does not (now) grant AI training and
    /// commercial use.
    error DatasetsLicenseDoesNotConsent(uint256 datasetId, uint256 ipId, uint256 licenseId);
    /// @notice The owner's consent lapsed at `deadline`.
    error DatasetsConsentExpired(uint256 ipId, uint64 deadline);
    /// @notice The owner already used or cancelled this consent nonce.
    error DatasetsConsentNonceUsed(address owner, uint256 nonce);
    /// @notice The signature is not the work owner's consent to this dataset, member, weight, deadline and nonce.
    error DatasetsInvalidConsent(uint256 datasetId, uint256 ipId, address owner);
    /// @notice Nothing to pay: the amount is 0 or smaller than one unit of the pool's distribution.
    error DatasetsNothingToPay(uint256 datasetId, uint256 amount);

    /// @notice Most members a dataset may have at once.
    function MAX_MEMBERS() external view returns (uint256);
    /// @notice Most members one {addMembers} or {removeMembers} call may change: 50, so that a batch of members
    /// joining by signed consent (about 240,000 gas each) stays within the 16,777,216 gas a transaction may use on a
    /// chain with EIP-7825 (Osaka).
    function MAX_BATCH() external view returns (uint256);
    /// @notice Highest weight of a member.
    function MAX_WEIGHT() external view returns (uint32);
    /// @notice Highest share a curator may keep, in basis points.
    function MAX_CURATOR_BPS() external view returns (uint16);
    /// @notice keccak256 of the EIP-712 struct type a work's owner signs to consent.
    function MEMBER_CONSENT_TYPEHASH() external view returns (bytes32);

    /**
     * @notice Opens dataset `datasetId` (an IP of `Kind.Dataset`): creates its GDA pool (this contract is its admin,
     * units cannot be transferred, anyone may distribute into it) and registers the pool as the IP's royalty pool.
     * The curator (the IP's owner, or an account it approved for the IP-NFT) keeps `curatorBps` of the income,
     * exactly: the dataset's units per weight are fixed here (see the contract's notes).
     * Emits {DatasetOpened} and {CuratorUnitsUpdated}.
     * @dev Errors: {DatasetsNotADataset}, {DatasetsNotCurator}, {DatasetsAlreadyOpen}, {DatasetsCuratorShareTooHigh},
     * {DatasetsSharesAlreadyEnabled}.
     */
    function openDataset(uint256 datasetId, uint16 curatorBps) external returns (ISuperfluidPool pool);

    /**
     * @notice Adds `members` to `datasetId` with their `consents` (same order), up to {MAX_BATCH} per call: gives
     * each member's share-token address weight x `unitsPerWeight` units, updates the curator's units and the
     * commitment. Only the curator. Emits {MemberAdded} per member and {CuratorUnitsUpdated}.
     * @dev Errors: {DatasetsNotOpen}, {DatasetsNotCurator}, {DatasetsInvalidBatch}, {DatasetsNotAWork},
     * {DatasetsInvalidWeight}, {DatasetsDuplicateMember}, {DatasetsTooManyMembers}, {DatasetsNoConsent},
     * {DatasetsLicenseDoesNotConsent}, {DatasetsConsentExpired}, {DatasetsConsentNonceUsed}, {DatasetsInvalidConsent}.
     */
    function addMembers(uint256 datasetId, Member[] calldata members, Consent[] calldata consents) external;

    /**
     * @notice Removes `memberIpIds` from `datasetId`, up to {MAX_BATCH} per call: their units become zero (what they
     * earned so far stays claimable), the curator's units and the commitment are updated. Only the curator.
     * Emits {MemberRemoved} per member and {CuratorUnitsUpdated}.
     * @dev Errors: {DatasetsNotOpen}, {DatasetsNotCurator}, {DatasetsInvalidBatch}, {DatasetsNotAMember}.
     */
    function removeMembers(uint256 datasetId, uint256[] calldata memberIpIds) external;

    /**
     * @notice Moves the curator's units to the dataset IP-NFT's current owner (after the IP-NFT changed hands).
     * Anyone may call it. Emits {CuratorChanged} and {CuratorUnitsUpdated} when the owner changed.
     * @dev Errors: {DatasetsNotOpen}.
     */
    function syncCurator(uint256 datasetId) external;

    /**
     * @notice Pays `amount` of the currency from the caller into `datasetId`'s pool, distributed at once to the
     * curator and the members by their units; what the pool cannot distribute (below a whole multiple of its
     * units) stays with the caller. The caller approves this contract for the currency first.
     * Emits {DatasetPaid}.
     * @dev Errors: {DatasetsNotOpen}, {DatasetsNothingToPay}.
     * @return paid What was distributed.
     */
    function pay(uint256 datasetId, uint256 amount) external returns (uint256 paid);

    /**
     * @notice The address where a plain token transfer for `datasetId` should go (an x402 `payTo`): a deterministic
     * inbox that {flushInbox} empties into the dataset's pool. It may not hold code yet.
     */
    function inboxOf(uint256 datasetId) external view returns (address);

    /**
     * @notice Wraps the currency's underlying ERC-20 held by `datasetId`'s inbox and distributes everything it
     * holds into the dataset's pool (the remainder below a whole multiple of the units waits for the next call).
     * Deploys the inbox on first use. Anyone may call it. Emits {DatasetPaid} (payer: the inbox) when it paid.
     * @dev Errors: {DatasetsNotOpen}.
     */
    function flushInbox(uint256 datasetId) external returns (uint256 paid);

    /**
     * @notice Claims what member `memberIpId` earned in `datasetId`'s pool into its payee (the work's share token
     * address), and when the work's shares are enabled, has the share token distribute it to the holders.
     * Anyone may call it. Emits {MemberIncomeClaimed}.
     * @dev Errors: {DatasetsNotOpen}.
     */
    function claim(uint256 datasetId, uint256 memberIpId) external;

    /**
     * @notice Marks the caller's consent nonce `nonce` used, so no consent signed with it can be used.
     * Emits {ConsentNonceUsed}.
     * @dev Errors: {DatasetsConsentNonceUsed}.
     */
    function cancelConsent(uint256 nonce) external;

    /// @notice The dataset `datasetId` (a zero pool when it was never opened).
    function datasetOf(uint256 datasetId) external view returns (Dataset memory);

    /// @notice The GDA pool of `datasetId`, or the zero address when it was never opened.
    function poolOf(uint256 datasetId) external view returns (ISuperfluidPool);

    /// @notice The running commitment to `datasetId`'s additions and removals (zero before any).
    function membersCommitment(uint256 datasetId) external view returns (bytes32);

    /// @notice Work `memberIpId`'s place in `datasetId`.
    function memberOf(uint256 datasetId, uint256 memberIpId) external view returns (Membership memory);

    /// @notice Whether work `memberIpId` is a member of `datasetId` now.
    function isMember(uint256 datasetId, uint256 memberIpId) external view returns (bool);

    /// @notice The pool member address of work `ipId` in every dataset: its share token's (predicted) address.
    function payeeOf(uint256 ipId) external view returns (address);

    /**
     * @notice What member `memberIpId` earns from `datasetId` now: its flow rate, what it can claim now (what it
     * earned before a removal stays claimable), and its units (flow rate and units are zero when it is not a member).
     */
    function memberIncome(uint256 datasetId, uint256 memberIpId)
        external
        view
        returns (int96 flowRate, int256 claimable, uint128 units, uint256 timestamp);

    /// @notice The EIP-712 digest a work's owner signs to consent to `memberIpId` joining `datasetId` with `weight`.
    function consentDigest(uint256 datasetId, uint256 memberIpId, uint32 weight, uint64 deadline, uint256 nonce)
        external
        view
        returns (bytes32);

    /// @notice Whether `owner` used or cancelled consent nonce `nonce`.
    function consentNonceUsed(address owner, uint256 nonce) external view returns (bool);
}
