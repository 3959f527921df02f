// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title IIPRegistry
 * @notice The IP-NFT: one token per registered work, style or dataset, carrying its birth certificate
 * (content hash, CIDs, creator, block time, parents).
 *
 * Registration is a commit–reveal, so that nobody who sees a pending registration can claim the work first:
 * the creator commits to `keccak256(abi.encode(contentHash, creator, salt))` ({registrationCommitment}) with
 * {commitRegistration}, which reveals nothing about the content, then calls {register} with the registration
 * and the salt in a later block, within {COMMITMENT_MAX_AGE}.
 */
interface IIPRegistry {
    /// @notice What an IP-NFT stands for.
    enum Kind {
        Work,
        Style,
        Dataset
    }

    /**
     * @notice What a creator registers.
     * @param kind Work, Style or Dataset.
     * @param contentHash SHA-256 of the file's bytes (of the reference set's manifest for a style or dataset).
     * @param contentCid Binary CIDv1 of the content, as `ipfs add --cid-version 1 --raw-leaves` gives it:
     * `0x01 <codec> 0x12 0x20 <sha2-256 digest>` (36 bytes; codec raw 0x55 or dag-pb 0x70, any one-byte codec).
     * @param metadataCid Binary CIDv1 of the metadata JSON (title, description, media CID, creator, creation
     * date), same form. `tokenURI` is `ipfs://` followed by its base32 form.
     * @param c2paManifestHash SHA-256 of the C2PA manifest, or zero if there is none.
     * @param royaltyBps ERC-2981 royalty on secondary sales of the IP-NFT, in basis points.
     * @param parentLicenseIds For a derivative: one license per parent, held by the registrant, that allows
     * derivatives. Empty for an original.
     * @param termsIds License terms to attach at birth (may be empty; more can be attached later).
     */
    struct Registration {
        Kind kind;
        bytes32 contentHash;
        bytes contentCid;
        bytes metadataCid;
        bytes32 c2paManifestHash;
        uint16 royaltyBps;
        uint256[] parentLicenseIds;
        uint256[] termsIds;
    }

    /// @notice A parent of a derivative, the license that allowed the derivative, and the royalty share owed.
    struct Parent {
        uint64 ipId;
        uint64 licenseId;
        uint16 royaltyBps;
    }

    /// @notice The birth certificate of an IP, as `certificate` returns it.
    struct Certificate {
        address creator;
        Kind kind;
        uint40 birthTime;
        uint16 royaltyBps;
        bytes32 contentHash;
        bytes contentCid;
        bytes metadataCid;
        bytes32 c2paManifestHash;
        Parent[] parents;
    }

    /// @notice `creator` registered `contentHash` as IP `ipId` at block time `birthTime`: its birth certificate.
    event IPRegistered(
        uint256 indexed ipId,
        address indexed creator,
        bytes32 indexed contentHash,
        Kind kind,
        bytes contentCid,
        bytes metadataCid,
        bytes32 c2paManifestHash,
        uint16 royaltyBps,
        uint40 birthTime
    );

    /// @notice `creator` committed to registering a content hash they do not reveal yet (see {registrationCommitment}).
    event RegistrationCommitted(address indexed creator, bytes32 indexed commitment);

    /// @notice `creator` revealed `commitment` and registered IP `ipId` under it; the commitment is used up.
    event RegistrationRevealed(address indexed creator, bytes32 indexed commitment, uint256 indexed ipId);

    /// @notice Derivative `ipId` descends from `parentIpId` under `licenseId` and owes it `royaltyBps` of its income.
    event ParentLinked(uint256 indexed ipId, uint256 indexed parentIpId, uint256 indexed licenseId, uint16 royaltyBps);

    /// @notice `account` never committed to `commitment` (or already used it): commit first, reveal in a later block.
    error IPRegistryNoCommitment(bytes32 commitment, address account);
    /// @notice The commitment was made in block `committedBlock`, which is not before this one: reveal in a later block.
    error IPRegistryCommitmentTooRecent(bytes32 commitment, uint256 committedBlock);
    /// @notice The commitment lapsed at block time `expiredAt` ({COMMITMENT_MAX_AGE} after it was made): commit again.
    error IPRegistryCommitmentExpired(bytes32 commitment, uint256 expiredAt);
    /// @notice This content hash is already registered: the first registration is the birth certificate.
    error IPRegistryAlreadyRegistered(bytes32 contentHash, uint256 existingIpId);
    /// @notice A content hash of zero identifies nothing.
    error IPRegistryEmptyContentHash();
    /// @notice The CID is not a binary CIDv1 with a 32-byte SHA-256 multihash and a one-byte codec.
    error IPRegistryUnsupportedCid(bytes cid);
    /// @notice The ERC-2981 royalty is above the cap.
    error IPRegistryRoyaltyTooHigh(uint16 royaltyBps, uint16 maxBps);
    /// @notice More parents than a derivative may have.
    error IPRegistryTooManyParents(uint256 count, uint256 max);
    /// @notice The license is not held by `account`, is expired, does not allow derivatives, or already made one.
    error IPRegistryNoDerivativeLicense(uint256 licenseId, address account);
    /// @notice Two of the licenses name the same parent.
    error IPRegistryDuplicateParent(uint256 parentIpId);
    /// @notice The royalty shares owed to the parents add up to more than the whole income.
    error IPRegistryParentRoyaltiesTooHigh(uint256 totalBps);

    /// @notice How long (seconds of block time) after it was made a commitment can be revealed: strictly less than this.
    function COMMITMENT_MAX_AGE() external view returns (uint256);

    /**
     * @notice First step of a registration: the caller commits to
     * `registrationCommitment(contentHash, caller, salt)` without revealing the content hash. Committing the same
     * commitment again restarts its clock. Emits {RegistrationCommitted}.
     */
    function commitRegistration(bytes32 commitment) external;

    /**
     * @notice The commitment a creator makes before registering `contentHash`:
     * `keccak256(abi.encode(contentHash, creator, salt))`. Pick `salt` at random and keep it for {register}.
     */
    function registrationCommitment(bytes32 contentHash, address creator, bytes32 salt)
        external
        pure
        returns (bytes32);

    /**
     * @notice The block and block time at which `creator` made `commitment` (0, 0 if it was not made or is used up).
     */
    function commitmentOf(address creator, bytes32 commitment)
        external
        view
        returns (uint256 blockNumber, uint256 timestamp);

    /**
     * @notice Second step of a registration: reveals the caller's commitment to `r.contentHash` with `salt`,
     * mints the IP-NFT of the new work, style or dataset to the caller and records its birth certificate.
     * Attaches `r.termsIds` and, for a derivative, links each parent named by `r.parentLicenseIds`.
     * The commitment must be the caller's own, from an earlier block, no older than {COMMITMENT_MAX_AGE}; it is
     * used up. Emits {RegistrationRevealed} and {IPRegistered}.
     * @dev Errors: {IPRegistryNoCommitment}, {IPRegistryCommitmentTooRecent}, {IPRegistryCommitmentExpired},
     * {IPRegistryEmptyContentHash}, {IPRegistryAlreadyRegistered} (names the existing id),
     * {IPRegistryUnsupportedCid}, {IPRegistryRoyaltyTooHigh}, {IPRegistryTooManyParents},
     * {IPRegistryNoDerivativeLicense}, {IPRegistryDuplicateParent}, {IPRegistryParentRoyaltiesTooHigh}, and the
     * license token's attach errors for `termsIds`.
     * @return ipId The new IP's id (ids start at 1).
     */
    function register(Registration calldata r, bytes32 salt) external returns (uint256 ipId);

    /// @notice The IP registered for `contentHash`, or 0 if none is.
    function ipIdOfContentHash(bytes32 contentHash) external view returns (uint256);

    /// @notice The birth certificate of `ipId`. Reverts with ERC721NonexistentToken for an unknown id.
    function certificate(uint256 ipId) external view returns (Certificate memory);

    /// @notice The parents of `ipId` (empty for an original).
    function parentsOf(uint256 ipId) external view returns (Parent[] memory);

    /// @notice How many parents `ipId` has (0 for an original or an unknown id).
    function parentCount(uint256 ipId) external view returns (uint256);

    /**
     * @notice The owner of `ipId` and how many parents it has, in one call (what a license sale needs).
     * @dev Errors: ERC721NonexistentToken for an unknown id.
     */
    function ownerAndParentCount(uint256 ipId) external view returns (address owner, uint256 parents);

    /// @notice The creator of `ipId` (who registered it; never changes, unlike the owner).
    function creatorOf(uint256 ipId) external view returns (address);

    /// @notice The current owner of `ipId` (the ERC-721 owner).
    function ownerOf(uint256 ipId) external view returns (address);

    /// @notice How many IPs are registered; ids run from 1 to this number.
    function ipCount() external view returns (uint256);
}
