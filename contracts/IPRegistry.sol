// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IIPRegistry} from "./interfaces/IIPRegistry.sol";
import {ILicenseToken} from "./interfaces/ILicenseToken.sol";
import {IRoyaltyPools} from "./interfaces/IRoyaltyPools.sol";
import {Cid} from "./libraries/Cid.sol";

/**
 * @title IPRegistry
 * @notice The IP-NFT (ERC-721 + ERC-2981). Registering a work, style or dataset mints its token and writes its
 * birth certificate: SHA-256 content hash, content and metadata CIDs, creator, block time, optional C2PA
 * manifest hash, and for a derivative its parents with the royalty share owed to each. A content hash can be
 * registered once. Every change is an event, so provenance and transfers can be rebuilt from logs.
 *
 * Front-running: a registration is a commit–reveal ({commitRegistration}, then {register} in a later block), so a
 * copied `register` call is worthless to anyone but its sender, and whoever sees a reveal in the mempool is too
 * late to commit to the same content: their commitment would have to be in an earlier block.
 *
 * @dev Gas: CIDs are stored as codec byte + digest word (see {Cid}); a content CID whose digest is the content
 * hash itself (a single-block raw-leaves file) costs no extra word. The word that maps a content hash to its IP
 * id uses 64 bits for the id and keeps the first parent of a derivative in the other 192, so a derivative of one
 * parent costs no more storage words than an original. `tokenURI` is `ipfs://<metadata CID>`.
 */
contract IPRegistry is ERC721, IERC2981, IIPRegistry {
    /// @notice Most parents a derivative may have (bounds every loop over parents).
    uint256 public constant MAX_PARENTS = 8;
    /// @notice Highest ERC-2981 royalty on secondary sales of an IP-NFT.
    uint16 public constant MAX_ROYALTY_BPS = 5_000;
    uint16 private constant BPS = 10_000;
    /// @notice A commitment can be revealed up to one day after it was made: long enough for a creator to come
    /// back to a registration they began, short enough that a commitment made on content someone obtained early
    /// cannot be held indefinitely waiting for the creator's reveal.
    uint256 public constant COMMITMENT_MAX_AGE = 1 days;

    /// @notice The license token whose licenses make derivatives and which offers licenses of our IPs.
    ILicenseToken public immutable licenseToken;
    /// @notice Where each IP's revenue shares and royalty pool live; its share token receives ERC-2981 royalties.
    IRoyaltyPools public immutable royaltyPools;

    /// @dev One storage word per IP (248 bits).
    struct Record {
        address creator;
        Kind kind;
        uint40 birthTime;
        uint8 parentCount;
        uint8 contentCodec;
        uint8 metadataCodec;
        uint16 royaltyBps;
    }

    uint256 private _ipCount;
    mapping(uint256 ipId => Record) private _records;
    mapping(uint256 ipId => bytes32) private _contentHashes;
    /// @dev Only written when the content CID's digest differs from the content hash (multi-block files).
    mapping(uint256 ipId => bytes32) private _contentCidDigests;
    mapping(uint256 ipId => bytes32) private _metadataDigests;
    mapping(uint256 ipId => bytes32) private _c2paManifestHashes;
    /// @dev Parents after the first (index 0 is unused: the first parent lives in {_byContentHash}).
    mapping(uint256 ipId => Parent[MAX_PARENTS]) private _parents;
    /// @dev `ipId` in the low 64 bits; for a derivative, its first parent above them (see {_packParent}).
    mapping(bytes32 contentHash => uint256) private _byContentHash;

    /// @dev When a commitment was made; one word, cleared when it is revealed.
    struct Commitment {
        uint64 blockNumber;
        uint40 timestamp;
    }

    /// @dev Keyed by committer too, so nobody can refresh (and so delay) another account's commitment.
    mapping(address creator => mapping(bytes32 commitment => Commitment)) private _commitments;

    /// @param licenseToken_ The LicenseToken, deployed right after this registry (its address is precomputed).
    /// @param royaltyPools_ The RoyaltyPools, deployed after the license token (its address is precomputed).
    constructor(ILicenseToken licenseToken_, IRoyaltyPools royaltyPools_) ERC721("IP-NFT", "IPNFT") {
        licenseToken = licenseToken_;
        royaltyPools = royaltyPools_;
    }

    /// @inheritdoc IIPRegistry
    function commitRegistration(bytes32 commitment) external {
        _commitments[msg.sender][commitment] =
            Commitment({blockNumber: uint64(block.number), timestamp: uint40(block.timestamp)});
        emit RegistrationCommitted(msg.sender, commitment);
    }

    /// @inheritdoc IIPRegistry
    function registrationCommitment(bytes32 contentHash, address creator, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(contentHash, creator, salt));
    }

    /// @inheritdoc IIPRegistry
    function commitmentOf(address creator, bytes32 commitment)
        external
        view
        returns (uint256 blockNumber, uint256 timestamp)
    {
        Commitment memory c = _commitments[creator][commitment];
        return (c.blockNumber, c.timestamp);
    }

    /// @inheritdoc IIPRegistry
    function register(Registration calldata r, bytes32 salt) external returns (uint256 ipId) {
        bytes32 commitment = registrationCommitment(r.contentHash, msg.sender, salt);
        _useCommitment(commitment);
        if (r.contentHash == bytes32(0)) revert IPRegistryEmptyContentHash();
        uint256 existing = ipIdOfContentHash(r.contentHash);
        if (existing != 0) revert IPRegistryAlreadyRegistered(r.contentHash, existing);
        if (r.royaltyBps > MAX_ROYALTY_BPS) revert IPRegistryRoyaltyTooHigh(r.royaltyBps, MAX_ROYALTY_BPS);
        uint256 parents = r.parentLicenseIds.length;
        if (parents > MAX_PARENTS) revert IPRegistryTooManyParents(parents, MAX_PARENTS);

        ipId = ++_ipCount;
        emit RegistrationRevealed(msg.sender, commitment, ipId);
        _writeCertificate(ipId, r);
        if (parents != 0) _linkParents(ipId, r.contentHash, r.parentLicenseIds);
        _mint(msg.sender, ipId);
        if (r.termsIds.length != 0) licenseToken.attachTermsAtRegistration(ipId, msg.sender, r.termsIds);
    }

    /// @inheritdoc IIPRegistry
    function ipIdOfContentHash(bytes32 contentHash) public view returns (uint256) {
        return uint64(_byContentHash[contentHash]);
    }

    /// @inheritdoc IIPRegistry
    function certificate(uint256 ipId) external view returns (Certificate memory c) {
        _requireOwned(ipId);
        Record memory rec = _records[ipId];
        c.creator = rec.creator;
        c.kind = rec.kind;
        c.birthTime = rec.birthTime;
        c.royaltyBps = rec.royaltyBps;
        c.contentHash = _contentHashes[ipId];
        bytes32 contentDigest = _contentCidDigests[ipId];
        c.contentCid = Cid.encode(rec.contentCodec, contentDigest == bytes32(0) ? c.contentHash : contentDigest);
        c.metadataCid = Cid.encode(rec.metadataCodec, _metadataDigests[ipId]);
        c.c2paManifestHash = _c2paManifestHashes[ipId];
        c.parents = parentsOf(ipId);
    }

    /// @inheritdoc IIPRegistry
    function parentsOf(uint256 ipId) public view returns (Parent[] memory parents) {
        uint256 count = _records[ipId].parentCount;
        parents = new Parent[](count);
        if (count == 0) return parents;
        parents[0] = _unpackParent(_byContentHash[_contentHashes[ipId]] >> 64);
        for (uint256 i = 1; i < count; i++) parents[i] = _parents[ipId][i];
    }

    /// @inheritdoc IIPRegistry
    function parentCount(uint256 ipId) external view returns (uint256) {
        return _records[ipId].parentCount;
    }

    /// @inheritdoc IIPRegistry
    function ownerAndParentCount(uint256 ipId) external view returns (address owner, uint256 parents) {
        return (_requireOwned(ipId), _records[ipId].parentCount);
    }

    /// @inheritdoc IIPRegistry
    function creatorOf(uint256 ipId) external view returns (address) {
        _requireOwned(ipId);
        return _records[ipId].creator;
    }

    /// @inheritdoc IIPRegistry
    function ipCount() external view returns (uint256) {
        return _ipCount;
    }

    /// @notice `ipfs://` followed by the metadata CID. Reverts with ERC721NonexistentToken for an unknown id.
    function tokenURI(uint256 ipId) public view override returns (string memory) {
        _requireOwned(ipId);
        return string.concat("ipfs://", Cid.toBase32(Cid.encode(_records[ipId].metadataCodec, _metadataDigests[ipId])));
    }

    /**
     * @notice ERC-2981: the royalty owed on a secondary sale of IP-NFT `ipId` for `salePrice`, and who receives it.
     * @dev The receiver is the IP's share token once revenue shares are enabled (anyone may then call its
     * `distributeIncome` to pass the royalty to the holders through the pool). Before that, an original's
     * royalty goes to its owner, but a derivative's goes to the address its share token WILL have
     * (`royaltyPools.predictShareToken`, a deterministic clone): a derivative owes its parents part of its income
     * and only its pool splits it, so the royalty waits there, and when shares are enabled (which needs the
     * parents' shares) the first `distributeIncome` pays each parent's share token its cut. The derivative's
     * owner cannot take the royalty without paying the parents. Reverts with ERC721NonexistentToken for an
     * unknown id.
     */
    function royaltyInfo(uint256 ipId, uint256 salePrice) external view returns (address receiver, uint256 amount) {
        receiver = _royaltyReceiver(ipId);
        amount = (salePrice * _records[ipId].royaltyBps) / BPS;
    }

    /// @inheritdoc ERC721
    function ownerOf(uint256 ipId) public view override(ERC721, IIPRegistry) returns (address) {
        return super.ownerOf(ipId);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, IERC165) returns (bool) {
        return interfaceId == type(IERC2981).interfaceId || super.supportsInterface(interfaceId);
    }

    function _writeCertificate(uint256 ipId, Registration calldata r) private {
        (bool contentOk, uint8 contentCodec, bytes32 contentDigest) = Cid.parse(r.contentCid);
        if (!contentOk) revert IPRegistryUnsupportedCid(r.contentCid);
        (bool metadataOk, uint8 metadataCodec, bytes32 metadataDigest) = Cid.parse(r.metadataCid);
        if (!metadataOk) revert IPRegistryUnsupportedCid(r.metadataCid);
        uint40 birthTime = uint40(block.timestamp);
        _records[ipId] = Record({
            creator: msg.sender,
            kind: r.kind,
            birthTime: birthTime,
            parentCount: uint8(r.parentLicenseIds.length),
            contentCodec: contentCodec,
            metadataCodec: metadataCodec,
            royaltyBps: r.royaltyBps
        });
        _contentHashes[ipId] = r.contentHash;
        _byContentHash[r.contentHash] = ipId;
        if (contentDigest != r.contentHash) _contentCidDigests[ipId] = contentDigest;
        _metadataDigests[ipId] = metadataDigest;
        if (r.c2paManifestHash != bytes32(0)) _c2paManifestHashes[ipId] = r.c2paManifestHash;
        _emitRegistered(ipId, r, birthTime);
    }

    function _emitRegistered(uint256 ipId, Registration calldata r, uint40 birthTime) private {
        emit IPRegistered(
            ipId,
            msg.sender,
            r.contentHash,
            r.kind,
            r.contentCid,
            r.metadataCid,
            r.c2paManifestHash,
            r.royaltyBps,
            birthTime
        );
    }

    function _royaltyReceiver(uint256 ipId) private view returns (address) {
        address owner = _requireOwned(ipId);
        address shares = address(royaltyPools.shareTokenOf(ipId));
        if (shares != address(0)) return shares;
        return _records[ipId].parentCount == 0 ? owner : royaltyPools.predictShareToken(ipId);
    }

    /// @dev Checks that the caller made `commitment` in an earlier block, less than {COMMITMENT_MAX_AGE} ago, and
    /// uses it up.
    function _useCommitment(bytes32 commitment) private {
        Commitment memory c = _commitments[msg.sender][commitment];
        if (c.blockNumber == 0) revert IPRegistryNoCommitment(commitment, msg.sender);
        if (c.blockNumber >= block.number) revert IPRegistryCommitmentTooRecent(commitment, c.blockNumber);
        uint256 expiredAt = uint256(c.timestamp) + COMMITMENT_MAX_AGE;
        if (block.timestamp >= expiredAt) revert IPRegistryCommitmentExpired(commitment, expiredAt);
        delete _commitments[msg.sender][commitment];
    }

    /// @dev Each license must be held by the registrant and allow derivatives now; parents must be distinct and
    /// their royalty shares must leave the derivative part of its own income.
    function _linkParents(uint256 ipId, bytes32 contentHash, uint256[] calldata licenseIds) private {
        uint256 totalBps;
        uint256[] memory seen = new uint256[](licenseIds.length);
        for (uint256 i = 0; i < licenseIds.length; i++) {
            (bool ok, uint256 parentIpId, uint16 royaltyBps) =
                licenseToken.useForDerivative(licenseIds[i], msg.sender, ipId);
            if (!ok) revert IPRegistryNoDerivativeLicense(licenseIds[i], msg.sender);
            for (uint256 j = 0; j < i; j++) {
                if (seen[j] == parentIpId) revert IPRegistryDuplicateParent(parentIpId);
            }
            seen[i] = parentIpId;
            totalBps += royaltyBps;
            Parent memory parent =
                Parent({ipId: uint64(parentIpId), licenseId: uint64(licenseIds[i]), royaltyBps: royaltyBps});
            if (i == 0) _byContentHash[contentHash] = ipId | (_packParent(parent) << 64);
            else _parents[ipId][i] = parent;
            emit ParentLinked(ipId, parentIpId, licenseIds[i], royaltyBps);
        }
        if (totalBps >= BPS) revert IPRegistryParentRoyaltiesTooHigh(totalBps);
    }

    /// @dev A parent in 144 bits: `ipId (64) | licenseId (64) << 64 | royaltyBps (16) << 128`.
    function _packParent(Parent memory p) private pure returns (uint256) {
        return uint256(p.ipId) | (uint256(p.licenseId) << 64) | (uint256(p.royaltyBps) << 128);
    }

    function _unpackParent(uint256 packed) private pure returns (Parent memory) {
        return Parent({ipId: uint64(packed), licenseId: uint64(packed >> 64), royaltyBps: uint16(packed >> 128)});
    }
}
