// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDisputes} from "./interfaces/IDisputes.sol";
import {IIPRegistry} from "./interfaces/IIPRegistry.sol";

/**
 * @title Disputes
 * @notice Anyone may contest a registration (e.g. someone registered another's picture first) by posting a bond
 * with evidence. While the dispute is open, LicenseToken and ShareToken refuse new licenses (every purchase path:
 * flat, streamed, metered, pay per file), new derivatives and share sales of the IP, naming the dispute; licenses
 * already sold keep working. The arbiter (a multisig in production) upholds or rejects within {RULING_WINDOW}:
 * upheld, the IP is flagged for good and the bond returns to the disputer; rejected, the bond goes to whoever owns
 * the IP at the ruling (a transfer during the dispute only changes who receives it).
 *
 * The bond is paid in the SuperToken licenses are paid in: users already hold and approve it to buy licenses,
 * and this contract opens no stream, so its balance is exactly the sum of open bonds.
 *
 * Griefing: a dispute costs a bond, which a rejection forfeits to the owner, and an IP has one open dispute at a
 * time. A dispute that expires unruled returns the bond (the arbiter's silence is not the disputer's fault) but
 * lifts the pause, and the IP then has a {RESPITE} before anyone may dispute it again: with
 * an absent arbiter a griefer can pause an IP at most 2/3 of the time, and with a present one each try costs the
 * bond. No respite after a rejection: the owner's own sock puppet, whose forfeited bond would come back to the
 * owner, must not be able to shield the IP from a real dispute that way. Front-running: the window is strict (the arbiter rules before it ends, anyone closes after), so a ruling
 * and an expiry never race; the disputer cannot withdraw a bond, and the bond of an open dispute does not change
 * with {setBond}.
 */
contract Disputes is ReentrancyGuardTransient, IDisputes {
    using SafeERC20 for IERC20;

    /// @notice How long the arbiter has to rule on a dispute before anyone may close it as expired.
    uint256 public constant RULING_WINDOW = 14 days;
    /// @notice After a dispute expires unruled, how long before the same IP may be disputed again.
    uint256 public constant RESPITE = 7 days;
    /// @notice Bounds of the bond, in the currency's 18 decimals: 1 and 1,000,000 units.
    uint256 public constant MIN_BOND = 1e18;
    uint256 public constant MAX_BOND = 1e24;
    /// @notice Longest evidence URI, in bytes.
    uint256 public constant MAX_URI_LENGTH = 512;
    uint16 private constant BPS = 10_000;

    /// @notice The registry whose IPs are disputed.
    IIPRegistry public immutable ipRegistry;
    /// @notice The currency bonds are paid in (the payment SuperToken, as an ERC-20).
    IERC20 public immutable currency;

    /// @inheritdoc IDisputes
    address public arbiter;
    /// @inheritdoc IDisputes
    uint256 public bond;

    uint256 private _disputeCount;
    mapping(uint256 disputeId => Dispute) private _disputes;
    /// @dev The open dispute of each IP (0 when none).
    mapping(uint256 ipId => uint256) private _openDispute;
    /// @dev The upheld dispute that flagged each IP (0 when none).
    mapping(uint256 ipId => uint256) private _flaggedBy;
    /// @dev Until when each IP may not be disputed again.
    mapping(uint256 ipId => uint256) private _respiteUntil;

    /// @param ipRegistry_ The IP-NFT registry.
    /// @param currency_ The payment SuperToken.
    /// @param arbiter_ Who rules (a multisig in production).
    /// @param bond_ The bond new disputes take, within [{MIN_BOND}, {MAX_BOND}].
    constructor(IIPRegistry ipRegistry_, IERC20 currency_, address arbiter_, uint256 bond_) {
        ipRegistry = ipRegistry_;
        currency = currency_;
        _setArbiter(arbiter_);
        _setBond(bond_);
    }

    modifier onlyArbiter() {
        if (msg.sender != arbiter) revert DisputesNotArbiter(msg.sender);
        _;
    }

    /// @inheritdoc IDisputes
    function openDispute(uint256 ipId, Evidence calldata evidence) external nonReentrant returns (uint256 disputeId) {
        address owner = _ownerOf(ipId);
        if (owner == address(0)) revert DisputesUnknownIP(ipId);
        if (_flaggedBy[ipId] != 0) revert DisputesIPFlagged(ipId, _flaggedBy[ipId]);
        if (_openDispute[ipId] != 0) revert DisputesAlreadyDisputed(ipId, _openDispute[ipId]);
        if (block.timestamp < _respiteUntil[ipId]) revert DisputesIPInRespite(ipId, _respiteUntil[ipId]);
        if (msg.sender == owner) revert DisputesSelfDispute(ipId, owner);
        if (evidence.earlierIpId >= ipId) revert DisputesEvidenceNotEarlier(ipId, evidence.earlierIpId);
        uint256 uriLength = bytes(evidence.uri).length;
        if (evidence.similarityBps > BPS || uriLength == 0 || uriLength > MAX_URI_LENGTH) {
            revert DisputesInvalidEvidence();
        }

        uint256 amount = bond;
        disputeId = ++_disputeCount;
        _disputes[disputeId] = Dispute({
            ipId: uint64(ipId),
            earlierIpId: uint64(evidence.earlierIpId),
            similarityBps: evidence.similarityBps,
            status: Status.Open,
            openedAt: uint40(block.timestamp),
            closedAt: 0,
            disputer: msg.sender,
            bond: uint128(amount),
            evidenceUri: evidence.uri
        });
        _openDispute[ipId] = disputeId;
        emit DisputeOpened(
            disputeId, ipId, msg.sender, amount, evidence.earlierIpId, evidence.similarityBps, evidence.uri
        );
        currency.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IDisputes
    function rule(uint256 disputeId, bool upheld) external onlyArbiter nonReentrant {
        Dispute storage d = _requireOpen(disputeId);
        uint256 deadline = uint256(d.openedAt) + RULING_WINDOW;
        if (block.timestamp >= deadline) revert DisputesRulingWindowClosed(disputeId, deadline);
        uint256 ipId = d.ipId;
        // No one judges their own case: an arbiter that owns the IP now (it may have bought it mid-dispute) cannot
        // rule, and the dispute ends by expiry with the bond back to the disputer.
        address owner = ipRegistry.ownerOf(ipId);
        if (owner == msg.sender) revert DisputesArbiterOwnsIP(ipId, msg.sender);
        uint256 amount = d.bond;
        address to;
        delete _openDispute[ipId];
        d.closedAt = uint40(block.timestamp);
        if (upheld) {
            d.status = Status.Upheld;
            _flaggedBy[ipId] = disputeId;
            to = d.disputer;
            emit DisputeUpheld(disputeId, ipId, to, amount);
        } else {
            d.status = Status.Rejected;
            to = owner;
            emit DisputeRejected(disputeId, ipId, to, amount);
        }
        currency.safeTransfer(to, amount);
    }

    /// @inheritdoc IDisputes
    function closeExpired(uint256 disputeId) external nonReentrant {
        Dispute storage d = _requireOpen(disputeId);
        uint256 deadline = uint256(d.openedAt) + RULING_WINDOW;
        if (block.timestamp < deadline) revert DisputesTooEarly(disputeId, deadline);
        uint256 ipId = d.ipId;
        uint256 amount = d.bond;
        address disputer = d.disputer;
        delete _openDispute[ipId];
        d.status = Status.Expired;
        d.closedAt = uint40(block.timestamp);
        _respiteUntil[ipId] = block.timestamp + RESPITE;
        emit DisputeExpired(disputeId, ipId, disputer, amount, msg.sender);
        currency.safeTransfer(disputer, amount);
    }

    /// @inheritdoc IDisputes
    function setArbiter(address arbiter_) external onlyArbiter {
        _setArbiter(arbiter_);
    }

    /// @inheritdoc IDisputes
    function setBond(uint256 bond_) external onlyArbiter {
        _setBond(bond_);
    }

    /// @inheritdoc IDisputes
    function requireNotPaused(uint256 ipId) external view {
        uint256 flaggedBy = _flaggedBy[ipId];
        if (flaggedBy != 0) revert DisputesIPFlagged(ipId, flaggedBy);
        uint256 open = _openDispute[ipId];
        if (open != 0) revert DisputesIPDisputed(ipId, open);
    }

    /// @inheritdoc IDisputes
    function pauseOf(uint256 ipId) external view returns (uint256 openDisputeId, uint256 flaggedBy) {
        return (_openDispute[ipId], _flaggedBy[ipId]);
    }

    /// @inheritdoc IDisputes
    function getDispute(uint256 disputeId) external view returns (Dispute memory) {
        return _disputes[disputeId];
    }

    /// @inheritdoc IDisputes
    function disputeCount() external view returns (uint256) {
        return _disputeCount;
    }

    /// @notice Until when `ipId` may not be disputed again (0, or a past time, when it may).
    function respiteUntil(uint256 ipId) external view returns (uint256) {
        return _respiteUntil[ipId];
    }

    function _requireOpen(uint256 disputeId) private view returns (Dispute storage d) {
        d = _disputes[disputeId];
        if (d.status != Status.Open) revert DisputesNotOpen(disputeId);
    }

    /// @dev The IP's owner, or zero for an IP that does not exist (the registry reverts for those).
    function _ownerOf(uint256 ipId) private view returns (address) {
        try ipRegistry.ownerOf(ipId) returns (address owner) {
            return owner;
        } catch {
            return address(0);
        }
    }

    function _setArbiter(address arbiter_) private {
        if (arbiter_ == address(0)) revert DisputesZeroArbiter();
        emit ArbiterChanged(arbiter, arbiter_);
        arbiter = arbiter_;
    }

    function _setBond(uint256 bond_) private {
        if (bond_ < MIN_BOND || bond_ > MAX_BOND) revert DisputesBondOutOfRange(bond_, MIN_BOND, MAX_BOND);
        emit BondChanged(bond, bond_);
        bond = bond_;
    }
}
