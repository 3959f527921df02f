// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ISuperfluidPool, ISuperToken} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";
import {SuperTokenV1Library} from "@superfluid-finance/ethereum-contracts/contracts/apps/SuperTokenV1Library.sol";
import {IDisputes} from "./interfaces/IDisputes.sol";
import {IIPRegistry} from "./interfaces/IIPRegistry.sol";
import {ILicenseTerms} from "./interfaces/ILicenseTerms.sol";
import {ILicenseToken} from "./interfaces/ILicenseToken.sol";
import {IRoyaltyPools} from "./interfaces/IRoyaltyPools.sol";
import {IUsageMeter} from "./interfaces/IUsageMeter.sol";
import {LicenseLanes} from "./libraries/LicenseLanes.sol";

/**
 * @title LicenseToken
 * @notice Licenses as ERC-721 tokens. The owner of an IP attaches license terms to it (several per IP) and may
 * stop or resume sales under each; anyone buys a license by paying the upfront fee in the SuperToken, with a
 * `maxFee` guard. A license records its IP, terms, start and expiry; it respects the terms' cap and cannot
 * change hands when the terms say it is not transferable. {hasAccess} answers whether an account may use an
 * IP for AI training, commercial use or derivatives right now: the license is unexpired, its terms allow the
 * use, the licensee's stream into the IP's royalty pool flows at no less than the terms' minimum rate and its
 * account is not critical (streamed terms), and the metered units the licensee owes for the IP, under any of its
 * licenses, are within the terms' bound (metered terms). Debt follows the account, not the token: buying
 * another license, transferring or burning one changes nothing of what an account owes.
 *
 * Money: once the IP has revenue shares, the price (upfront fee, plus for streamed terms the prepaid minimum
 * stream period) is pulled into this contract and distributed at once into the IP's GDA pool, so it reaches every
 * holder in one call whatever their number; what the pool cannot distribute (the remainder below a whole
 * multiple of its units) goes straight back to the buyer, so this contract never keeps a SuperToken. Before
 * shares exist, the price is paid to the IP's owner. Licenses of a derivative, and streamed licenses, need the
 * IP's shares to be enabled, so that parents always receive their royalty share and a stream has a pool.
 *
 * A license that allows derivatives makes one: the registry uses it up ({useForDerivative}), after which it
 * grants derivatives no more and stays with the derivative's creator.
 *
 * @dev Each account's licenses of one IP are indexed in one storage word (8 ids of 32 bits), so `hasAccess`
 * reads a bounded set without scanning every license; an account holds at most {MAX_LICENSES_PER_HOLDER}
 * licenses of one IP and may {burn} one it no longer wants. Transfers may bring an account at most
 * {MAX_LICENSES_BY_TRANSFER} of them, so the other lanes are always there for its own purchases.
 */
contract LicenseToken is ERC721, ILicenseToken {
    using SuperTokenV1Library for ISuperToken;
    using LicenseLanes for uint256;
    using LicenseLanes for uint256[2];
    /// @notice Most licenses of one IP one account may hold (they share one storage word).
    uint256 public constant MAX_LICENSES_PER_HOLDER = LicenseLanes.HOLDER_LANES;
    /// @notice A transfer may not leave the receiver holding more licenses of one IP than this: the other
    /// lanes are kept for the licenses an account buys itself, so unwanted transfers never lock it out.
    uint256 public constant MAX_LICENSES_BY_TRANSFER = 4;
    /// @notice Most terms one IP may offer (their offers share two storage words).
    uint256 public constant MAX_TERMS_PER_IP = LicenseLanes.OFFER_LANES;
    uint256 private constant STOPPED = 1 << 32;
    uint256 private constant SOLD_SHIFT = 33;
    uint256 private constant MAX_SOLD = (1 << 31) - 1;
    // Record.grants: bit `uint8(use)` for each use the terms allow, then what the payment check needs.
    uint8 private constant TRANSFERABLE = 1 << 3;
    uint8 private constant STREAMED = 1 << 4;
    uint8 private constant METERED = 1 << 5;
    uint8 private constant USED_FOR_DERIVATIVE = 1 << 6;
    uint8 private constant DERIVATIVE = uint8(1) << uint8(Use.Derivative);
    /// @notice The IP-NFT registry whose IPs these licenses are for.
    IIPRegistry public immutable ipRegistry;
    /// @notice The catalogue of license terms.
    ILicenseTerms public immutable licenseTerms;
    /// @notice The SuperToken fees are paid in.
    ISuperToken public immutable currency;
    /// @notice Where each IP's share token and royalty pool live.
    IRoyaltyPools public immutable royaltyPools;
    /// @notice Where metered usage is settled.
    IUsageMeter public immutable usageMeter;
    /// @notice Pauses new licenses and derivatives of a disputed IP (for good once flagged); sold ones keep working.
    IDisputes public immutable disputes;

    /**
     * @dev A sold license in one word: {License} plus a copy of what its terms allow. Terms never change once
     * registered, so the copy stays exact, and checking a license (access, derivatives, transfers) needs no call
     * to LicenseTerms unless its terms ask for a stream or metered usage.
     */
    struct Record {
        uint64 ipId;
        uint32 termsId;
        uint40 start;
        uint40 expiry;
        uint8 grants;
        uint16 derivativeRoyaltyBps;
    }
    uint256 private _licenseCount;
    mapping(uint256 licenseId => Record) private _licenses;
    /// @dev Each IP's offers, in attachment order: two words of four 64-bit lanes, each lane
    /// `termsId (32 bits) | salesStopped (1 bit) | sold (31 bits)`; a lane with termsId 0 is free. One storage
    /// read finds an offer, one write records a sale.
    mapping(uint256 ipId => uint256[2]) private _offers;
    /// @dev Up to 8 license ids of 32 bits; 0 marks a free lane.
    mapping(uint256 ipId => mapping(address holder => uint256)) private _held;
    /// @dev Past holders of metered licenses: their signed usage receipts stay chargeable to them.
    mapping(uint256 licenseId => mapping(address holder => bool)) private _heldBefore;

    constructor(
        IIPRegistry ipRegistry_,
        ILicenseTerms licenseTerms_,
        ISuperToken currency_,
        IRoyaltyPools royaltyPools_,
        IUsageMeter usageMeter_,
        IDisputes disputes_
    ) ERC721("IP License", "IPLIC") {
        ipRegistry = ipRegistry_;
        licenseTerms = licenseTerms_;
        currency = currency_;
        royaltyPools = royaltyPools_;
        usageMeter = usageMeter_;
        disputes = disputes_;
    }

    // ------------------------------------------------------------------ offers
    /// @inheritdoc ILicenseToken
    function attachTerms(uint256 ipId, uint256 termsId) external {
        _requireIPOwner(ipId);
        _attach(ipId, termsId);
    }

    /// @inheritdoc ILicenseToken
    function attachTermsAtRegistration(uint256 ipId, address, uint256[] calldata termsIds) external {
        if (msg.sender != address(ipRegistry)) revert LicenseTokenUnauthorized(msg.sender);
        for (uint256 i = 0; i < termsIds.length; i++) _attach(ipId, termsIds[i]);
    }

    /// @inheritdoc ILicenseToken
    function stopSales(uint256 ipId, uint256 termsId) external {
        _requireIPOwner(ipId);
        (uint256 lane, uint256 offer) = _attachedOffer(ipId, termsId);
        if (offer & STOPPED != 0) revert LicenseTokenSalesStopped(ipId, termsId);
        _offers[ipId].write(lane, offer | STOPPED);
        emit SalesStopped(ipId, termsId);
    }

    /// @inheritdoc ILicenseToken
    function resumeSales(uint256 ipId, uint256 termsId) external {
        _requireIPOwner(ipId);
        (uint256 lane, uint256 offer) = _attachedOffer(ipId, termsId);
        if (offer & STOPPED == 0) revert LicenseTokenSalesAlreadyOpen(ipId, termsId);
        _offers[ipId].write(lane, offer & ~STOPPED);
        emit SalesResumed(ipId, termsId);
    }

    // ------------------------------------------------------------------ buying
    /// @inheritdoc ILicenseToken
    function buyLicense(uint256 ipId, uint256 termsId, uint256 maxFee) external returns (uint256 licenseId) {
        disputes.requireNotPaused(ipId);
        (uint256 lane, uint256 offer) = _attachedOffer(ipId, termsId);
        if (offer & STOPPED != 0) revert LicenseTokenSalesStopped(ipId, termsId);
        ILicenseTerms.EnforcedTerms memory terms = licenseTerms.enforcedTerms(termsId);
        uint256 sold = offer >> SOLD_SHIFT;
        if (sold >= _capOf(terms.maxLicenses)) revert LicenseTokenCapReached(ipId, termsId, _capOf(terms.maxLicenses));
        ISuperfluidPool pool = royaltyPools.poolOf(ipId);
        address ipOwner;
        if (address(pool) == address(0)) {
            if (terms.minStreamRate != 0) revert LicenseTokenStreamNeedsShares(ipId);
            uint256 parents;
            (ipOwner, parents) = ipRegistry.ownerAndParentCount(ipId);
            if (parents != 0) revert IRoyaltyPools.RoyaltyPoolsDerivativeWithoutShares(ipId);
        }
        // streamed terms: the minimum stream's first period is paid now, like the upfront fee
        uint256 price = terms.upfrontFee + uint256(int256(terms.minStreamRate)) * terms.minStreamPeriod;
        if (price > maxFee) revert LicenseTokenFeeAboveMax(price, maxFee);

        _offers[ipId].write(lane, offer + (1 << SOLD_SHIFT));
        licenseId = ++_licenseCount;
        SafeCast.toUint32(licenseId); // ids share 32-bit lanes of the holder index
        uint40 start = uint40(block.timestamp);
        uint40 expiry = terms.duration == 0 ? 0 : start + terms.duration;
        _licenses[licenseId] = Record({
            ipId: SafeCast.toUint64(ipId),
            termsId: uint32(termsId),
            start: start,
            expiry: expiry,
            grants: _grantsOf(terms),
            derivativeRoyaltyBps: terms.derivativeRoyaltyBps
        });
        emit LicensePurchased(licenseId, ipId, termsId, msg.sender, price, start, expiry);
        _mint(msg.sender, licenseId);

        if (price != 0) _collectFee(ipOwner, pool, price);
    }

    /**
     * @notice Burns license `licenseId`, e.g. to free a holder slot. Only its owner (or an approved operator) may.
     * What its holder owes for metered usage stays owed, and chargeable to them.
     * @dev Errors: ERC721InsufficientApproval, ERC721NonexistentToken.
     */
    function burn(uint256 licenseId) external {
        _update(address(0), licenseId, msg.sender);
    }

    // ------------------------------------------------------------------ access
    /// @inheritdoc ILicenseToken
    function hasAccess(uint256 ipId, address account, uint8 use) external view returns (bool) {
        return findLicense(ipId, account, use) != 0;
    }

    /// @inheritdoc ILicenseToken
    function findLicense(uint256 ipId, address account, uint8 use) public view returns (uint256) {
        if (use > uint8(type(Use).max)) revert LicenseTokenUnknownUse(use);
        uint256 held = _held[ipId][account];
        for (uint256 lane = 0; held != 0 && lane < MAX_LICENSES_PER_HOLDER; lane++) {
            uint256 licenseId = uint32(held >> (32 * lane));
            if (licenseId != 0 && _grants(licenseId, account, Use(use))) return licenseId;
        }
        return 0;
    }

    /// @inheritdoc ILicenseToken
    function licenseGrants(uint256 licenseId, Use use) external view returns (bool) {
        address holder = _ownerOf(licenseId);
        return holder != address(0) && _grants(licenseId, holder, use);
    }

    /// @inheritdoc ILicenseToken
    function useForDerivative(uint256 licenseId, address account, uint256 derivativeIpId)
        external
        returns (bool ok, uint256 parentIpId, uint16 royaltyBps)
    {
        if (msg.sender != address(ipRegistry)) revert LicenseTokenUnauthorized(msg.sender);
        if (_ownerOf(licenseId) != account || account == address(0)) return (false, 0, 0);
        Record storage stored = _licenses[licenseId];
        Record memory license = stored;
        if (!_allows(license, Use.Derivative) || !_current(license, account)) return (false, 0, 0);
        disputes.requireNotPaused(license.ipId);
        stored.grants = (license.grants & ~DERIVATIVE) | USED_FOR_DERIVATIVE;
        emit DerivativeLicenseUsed(licenseId, derivativeIpId, account);
        return (true, license.ipId, license.derivativeRoyaltyBps);
    }

    /// @inheritdoc ILicenseToken
    function meteringOf(uint256 licenseId, address licensee)
        external
        view
        returns (uint256 ipId, uint256 termsId, bool heldByLicensee)
    {
        Record memory license = _licenses[licenseId];
        heldByLicensee =
            licensee != address(0) && (_ownerOf(licenseId) == licensee || _heldBefore[licenseId][licensee]);
        return (license.ipId, license.termsId, heldByLicensee);
    }

    // ------------------------------------------------------------------ reads
    /// @inheritdoc ILicenseToken
    function licensesOf(uint256 ipId, address account) external view returns (uint256[] memory ids) {
        return LicenseLanes.unpack(_held[ipId][account]);
    }

    /// @inheritdoc ILicenseToken
    function getLicense(uint256 licenseId) external view returns (License memory) {
        _requireOwned(licenseId);
        Record memory r = _licenses[licenseId];
        return License({ipId: r.ipId, termsId: r.termsId, start: r.start, expiry: r.expiry});
    }

    /// @inheritdoc ILicenseToken
    function getOffer(uint256 ipId, uint256 termsId) external view returns (Offer memory) {
        (uint256 lane, uint256 offer) = _offers[ipId].find(termsId);
        if (lane == MAX_TERMS_PER_IP) return Offer({attached: false, salesStopped: false, sold: 0});
        return Offer({attached: true, salesStopped: offer & STOPPED != 0, sold: uint32(offer >> SOLD_SHIFT)});
    }

    /// @inheritdoc ILicenseToken
    function attachedTerms(uint256 ipId) external view returns (uint256[] memory ids) {
        return _offers[ipId].termsIds();
    }

    /// @notice How many licenses were ever minted; ids run from 1 to this number.
    function licenseCount() external view returns (uint256) {
        return _licenseCount;
    }

    // ------------------------------------------------------------------ internals
    /**
     * @dev Every mint, transfer and burn passes here: enforce transferability (terms, used derivative licenses),
     * keep the holder index (a transfer fills at most {MAX_LICENSES_BY_TRANSFER} lanes of the receiver, a
     * purchase all of them), and remember who held a metered license before, for their usage receipts.
     */
    function _update(address to, uint256 licenseId, address auth) internal override returns (address from) {
        from = super._update(to, licenseId, auth);
        Record memory license = _licenses[licenseId];
        uint256 ipId = license.ipId;
        if (from != address(0)) {
            if (to != address(0)) {
                if (license.grants & TRANSFERABLE == 0) revert LicenseTokenNotTransferable(licenseId);
                if (license.grants & USED_FOR_DERIVATIVE != 0) revert LicenseTokenUsedForDerivative(licenseId);
            }
            _unindex(ipId, from, licenseId);
            if (license.grants & METERED != 0) _heldBefore[licenseId][from] = true;
        }
        if (to != address(0)) _index(ipId, to, licenseId, from == address(0));
    }

    /**
     * @dev Pays the buyer's price into the IP's pool (distributed to the holders at once), or, without a pool,
     * straight to the IP's owner in one SuperToken transfer. A pool needs two operations: only the holder of the
     * tokens may distribute them (GDA), so the price passes through this contract; GDA distributes whole multiples
     * of the pool's units only, and the remainder goes back to the buyer rather than stay here for good.
     */
    function _collectFee(address ipOwner, ISuperfluidPool pool, uint256 amount) private {
        if (address(pool) == address(0)) {
            currency.transferFrom(msg.sender, ipOwner, amount);
        } else {
            currency.transferFrom(msg.sender, address(this), amount);
            uint256 distributed = currency.distribute(pool, amount);
            if (distributed < amount) currency.transfer(msg.sender, amount - distributed);
        }
    }

    /**
     * @dev The payment conditions of a license: for streamed terms, `holder` distributes a flow into the IP's pool
     * at no less than the minimum rate, rounded down to a whole rate per pool unit as Superfluid rounds it, and
     * its account is not critical (a stream it can no longer pay for buys nothing); for metered terms, `holder`
     * owes no more than `maxUnpaidUnits` units for the IP, whichever of its licenses they were used under. Terms
     * with neither need no read at all. Streams are only sold once the IP has a pool, and a pool is never removed.
     */
    function _paymentsCurrent(address holder, Record memory license) private view returns (bool) {
        if (license.grants & (STREAMED | METERED) == 0) return true;
        ILicenseTerms.EnforcedTerms memory terms = licenseTerms.enforcedTerms(license.termsId);
        if (terms.minStreamRate != 0) {
            ISuperfluidPool pool = royaltyPools.poolOf(license.ipId);
            int96 units = int96(uint96(pool.getTotalUnits())); // a share pool's supply, or a dataset pool's units
            int96 required = units == 0 ? terms.minStreamRate : terms.minStreamRate - (terms.minStreamRate % units);
            int96 flowing = currency.getGDAFlowRate(holder, pool);
            if (flowing <= 0 || flowing < required) return false;
            if (currency.isAccountCriticalNow(holder)) return false;
        }
        if (terms.pricePerUnit != 0 && usageMeter.debtOf(license.ipId, holder) > terms.maxUnpaidUnits) return false;
        return true;
    }

    function _grants(uint256 licenseId, address holder, Use use) private view returns (bool) {
        Record memory license = _licenses[licenseId];
        return _allows(license, use) && _current(license, holder);
    }

    function _current(Record memory license, address holder) private view returns (bool) {
        if (license.expiry != 0 && block.timestamp >= license.expiry) return false;
        return _paymentsCurrent(holder, license);
    }

    function _allows(Record memory license, Use use) private pure returns (bool) {
        return license.grants & (uint8(1) << uint8(use)) != 0;
    }

    /// @dev How many licenses an offer may sell: the terms' cap, and never more than its 31-bit sales counter holds.
    function _capOf(uint32 maxLicenses) private pure returns (uint256) {
        return maxLicenses == 0 || maxLicenses > MAX_SOLD ? MAX_SOLD : maxLicenses;
    }

    /// @dev The {Record.grants} bits of `terms`.
    function _grantsOf(ILicenseTerms.EnforcedTerms memory terms) private pure returns (uint8 grants) {
        if (terms.aiTrainingAllowed) grants |= uint8(1) << uint8(Use.AiTraining);
        if (terms.commercialUse) grants |= uint8(1) << uint8(Use.Commercial);
        if (terms.derivativesAllowed) grants |= uint8(1) << uint8(Use.Derivative);
        if (terms.transferable) grants |= TRANSFERABLE;
        if (terms.minStreamRate != 0) grants |= STREAMED;
        if (terms.pricePerUnit != 0) grants |= METERED;
    }

    function _attach(uint256 ipId, uint256 termsId) private {
        if (termsId > type(uint32).max || !licenseTerms.exists(termsId)) revert LicenseTokenUnknownTerms(termsId);
        (uint256 lane,) = _offers[ipId].find(termsId);
        if (lane != MAX_TERMS_PER_IP) revert LicenseTokenTermsAlreadyAttached(ipId, termsId);
        (lane,) = _offers[ipId].find(0);
        if (lane == MAX_TERMS_PER_IP) revert LicenseTokenTooManyTerms(ipId, MAX_TERMS_PER_IP);
        _offers[ipId].write(lane, termsId);
        emit TermsAttached(ipId, termsId);
    }

    function _attachedOffer(uint256 ipId, uint256 termsId) private view returns (uint256 lane, uint256 offer) {
        (lane, offer) = _offers[ipId].find(termsId);
        if (lane == MAX_TERMS_PER_IP || termsId == 0) revert LicenseTokenTermsNotAttached(ipId, termsId);
    }

    function _requireIPOwner(uint256 ipId) private view {
        if (ipRegistry.ownerOf(ipId) != msg.sender) revert LicenseTokenNotIPOwner(ipId, msg.sender);
    }

    /// @dev Puts `licenseId` in a free lane of `holder`'s word; a transfer (not `minted`) only while the holder
    /// has fewer than {MAX_LICENSES_BY_TRANSFER} licenses of the IP.
    function _index(uint256 ipId, address holder, uint256 licenseId, bool minted) private {
        uint256 packed = _held[ipId][holder];
        if (!minted && packed.count() >= MAX_LICENSES_BY_TRANSFER) {
            revert LicenseTokenReceiverFull(holder, ipId, MAX_LICENSES_BY_TRANSFER);
        }
        uint256 lane = packed.freeLane();
        if (lane == MAX_LICENSES_PER_HOLDER) revert LicenseTokenHolderFull(holder, ipId, MAX_LICENSES_PER_HOLDER);
        _held[ipId][holder] = packed.put(lane, licenseId);
    }

    function _unindex(uint256 ipId, address holder, uint256 licenseId) private {
        _held[ipId][holder] = _held[ipId][holder].remove(licenseId);
    }
}
