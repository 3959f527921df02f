// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title IDisputes
 * @notice Contesting a registration: anyone posts a bond with evidence against an IP; while the dispute is open,
 * new licenses, new derivatives and share sales of that IP are paused; an arbiter upholds (the IP is flagged for
 * good, the bond returns to the disputer) or rejects (the bond goes to the IP's owner). A dispute nobody rules on
 * within {RULING_WINDOW} can be closed by anyone: the bond returns and the pause lifts.
 */
interface IDisputes {
    /// @notice Where a dispute stands. `None` marks an id that was never opened.
    enum Status {
        None,
        Open,
        Upheld,
        Rejected,
        Expired
    }

    /// @notice What the disputer brings: the IP registered earlier that this one copies (0 when the earlier work
    /// has no certificate here), how similar they are in basis points (e.g. a perceptual-hash figure) and a URI
    /// to the rest of the evidence.
    struct Evidence {
        uint256 earlierIpId;
        uint16 similarityBps;
        string uri;
    }

    /// @notice One dispute.
    struct Dispute {
        uint64 ipId;
        uint64 earlierIpId;
        uint16 similarityBps;
        Status status;
        uint40 openedAt;
        uint40 closedAt;
        address disputer;
        uint128 bond;
        string evidenceUri;
    }

    /// @notice `disputer` contests `ipId` with a `bond`; new licenses, derivatives and share sales are paused.
    event DisputeOpened(
        uint256 indexed disputeId,
        uint256 indexed ipId,
        address indexed disputer,
        uint256 bond,
        uint256 earlierIpId,
        uint16 similarityBps,
        string evidenceUri
    );
    /// @notice The arbiter upheld dispute `disputeId`: `ipId` is flagged for good, `bond` went back to `disputer`.
    event DisputeUpheld(uint256 indexed disputeId, uint256 indexed ipId, address indexed disputer, uint256 bond);
    /// @notice The arbiter rejected dispute `disputeId`: `bond` went to `owner`, the IP's owner at the ruling.
    event DisputeRejected(uint256 indexed disputeId, uint256 indexed ipId, address indexed owner, uint256 bond);
    /// @notice Nobody ruled on `disputeId` in time; `closer` closed it, `bond` went back to `disputer`.
    event DisputeExpired(
        uint256 indexed disputeId, uint256 indexed ipId, address indexed disputer, uint256 bond, address closer
    );
    /// @notice Disputes are now ruled by `arbiter`.
    event ArbiterChanged(address indexed previousArbiter, address indexed arbiter);
    /// @notice New disputes now take a bond of `bond` (open ones keep theirs).
    event BondChanged(uint256 previousBond, uint256 bond);

    /// @notice Only the arbiter may do this.
    error DisputesNotArbiter(address caller);
    /// @notice No IP `ipId` is registered.
    error DisputesUnknownIP(uint256 ipId);
    /// @notice `ipId` already has an open dispute, `disputeId`: one at a time.
    error DisputesAlreadyDisputed(uint256 ipId, uint256 disputeId);
    /// @notice New licenses, derivatives and share sales of `ipId` are paused while dispute `disputeId` is open.
    error DisputesIPDisputed(uint256 ipId, uint256 disputeId);
    /// @notice `ipId` was flagged for good when dispute `disputeId` was upheld.
    error DisputesIPFlagged(uint256 ipId, uint256 disputeId);
    /// @notice `ipId`'s last dispute expired unruled; it cannot be disputed again until `until`.
    error DisputesIPInRespite(uint256 ipId, uint256 until);
    /// @notice The IP's owner cannot dispute their own IP.
    error DisputesSelfDispute(uint256 ipId, address owner);
    /// @notice Dispute `disputeId` is not open (it does not exist or was already closed).
    error DisputesNotOpen(uint256 disputeId);
    /// @notice Dispute `disputeId` may only be closed without a ruling from `at` on.
    error DisputesTooEarly(uint256 disputeId, uint256 at);
    /// @notice The ruling window of `disputeId` ended at `at`: it can only be closed as expired.
    error DisputesRulingWindowClosed(uint256 disputeId, uint256 at);
    /// @notice The earlier IP named as evidence must be another, earlier registration (a lower id).
    error DisputesEvidenceNotEarlier(uint256 ipId, uint256 earlierIpId);
    /// @notice A similarity above 10000 bps, or an evidence URI that is empty or longer than the limit.
    error DisputesInvalidEvidence();
    /// @notice A bond must lie within [`min`, `max`] (never zero).
    error DisputesBondOutOfRange(uint256 bond, uint256 min, uint256 max);
    /// @notice The arbiter cannot be the zero address.
    error DisputesZeroArbiter();
    /// @notice The arbiter owns the disputed IP: it may not rule on its own IP (the dispute ends by expiry).
    error DisputesArbiterOwnsIP(uint256 ipId, address arbiter);

    /**
     * @notice Opens a dispute on `ipId`, pulling the current {bond} from the caller (approve it first): new
     * licenses, derivatives and share sales of `ipId` are paused until a ruling or expiry.
     * @dev Errors: {DisputesUnknownIP}, {DisputesIPFlagged}, {DisputesAlreadyDisputed}, {DisputesIPInRespite},
     * {DisputesSelfDispute}, {DisputesEvidenceNotEarlier}, {DisputesInvalidEvidence}; the currency's own error
     * when the allowance or balance is short.
     */
    function openDispute(uint256 ipId, Evidence calldata evidence) external returns (uint256 disputeId);

    /**
     * @notice The arbiter's ruling on an open dispute, within {RULING_WINDOW} of its opening. Upheld: the IP is
     * flagged for good and the bond returns to the disputer. Rejected: the bond goes to the IP's owner now. The
     * arbiter may not rule on an IP it owns at the time of the ruling: such a dispute ends by {closeExpired}, the
     * bond back to the disputer.
     * @dev Errors: {DisputesNotArbiter}, {DisputesNotOpen}, {DisputesRulingWindowClosed}, {DisputesArbiterOwnsIP}.
     */
    function rule(uint256 disputeId, bool upheld) external;

    /**
     * @notice Closes a dispute nobody ruled on within {RULING_WINDOW}: anyone may. The bond returns to the
     * disputer and the pause lifts; the IP cannot be disputed again during {RESPITE}.
     * @dev Errors: {DisputesNotOpen}, {DisputesTooEarly}.
     */
    function closeExpired(uint256 disputeId) external;

    /// @notice Hands the arbiter's role to `arbiter`. Only the arbiter. Errors: {DisputesNotArbiter},
    /// {DisputesZeroArbiter}.
    function setArbiter(address arbiter) external;

    /// @notice Sets the bond new disputes take, within [{MIN_BOND}, {MAX_BOND}]. Only the arbiter. Errors:
    /// {DisputesNotArbiter}, {DisputesBondOutOfRange}.
    function setBond(uint256 bond) external;

    /// @notice Reverts with {DisputesIPDisputed} or {DisputesIPFlagged} when new licenses, derivatives and
    /// share sales of `ipId` are paused; returns otherwise. LicenseToken and ShareToken call it.
    function requireNotPaused(uint256 ipId) external view;

    /// @notice Whether `ipId` is paused now: the open dispute's id (0 if none) and the upheld dispute that
    /// flagged it (0 if none).
    function pauseOf(uint256 ipId) external view returns (uint256 openDisputeId, uint256 flaggedBy);

    /// @notice Dispute `disputeId` (status `None` for an id never used).
    function getDispute(uint256 disputeId) external view returns (Dispute memory);

    /// @notice How many disputes were ever opened; ids run from 1 to this number.
    function disputeCount() external view returns (uint256);

    /// @notice Who rules on disputes (a multisig in production).
    function arbiter() external view returns (address);

    /// @notice The bond a new dispute takes, in the currency (18 decimals).
    function bond() external view returns (uint256);
}
