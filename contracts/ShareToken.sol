// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {
    ISuperfluidPool,
    ISuperToken,
    PoolConfig
} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";
import {SuperTokenV1Library} from "@superfluid-finance/ethereum-contracts/contracts/apps/SuperTokenV1Library.sol";
import {IDisputes} from "./interfaces/IDisputes.sol";
import {IRoyaltyPools} from "./interfaces/IRoyaltyPools.sol";
import {IShareToken} from "./interfaces/IShareToken.sol";

/// @dev Shares per IP, one pool unit each (a file-level constant so other contracts can read it at compile time).
uint256 constant SHARES_PER_IP = 1_000_000;

/**
 * @title ShareToken
 * @notice Revenue shares of one IP: a fixed supply of {SUPPLY} whole shares (0 decimals), minted once, and the
 * admin of the IP's Superfluid GDA pool. Every mint and transfer sets the pool units of sender and receiver to
 * their new share balances, so whoever holds shares receives the royalties flowing into the pool, second by
 * second, at a cost per transfer that does not depend on the number of holders.
 *
 * Unit granularity: one pool unit per whole share, so total units always equal the supply (1,000,000).
 * Superfluid rounds the flow per unit down: a flow of r wei/s into the pool actually flows
 * floor(r / 1,000,000) x 1,000,000 wei/s, so at most 999,999 wei/s (1e-12 token/s at 18 decimals) of any requested
 * rate is not distributed (it stays with the payer, it is never lost), and every holder gets exactly
 * balance / 1,000,000 of what flows. An instant distribution rounds the same way: {distributeIncome} distributes
 * the largest multiple of 1,000,000 wei it holds and keeps the rest (at most 999,999 wei) for the next one.
 *
 * Income held here (ERC-2981 royalties, a parent's cut of a derivative's income, the pool's rounding remainder)
 * belongs to whoever held the shares when it arrived: every transfer distributes what waits before the units
 * move, so a buyer cannot collect what was paid before they bought. A transfer with nothing waiting pays only the
 * two balance reads that tell so.
 *
 * @dev Deployed once as an implementation and cloned per IP (EIP-1167) by RoyaltyPools, which initializes it.
 * The currency is the same for every clone, so it is an immutable of the implementation.
 */
contract ShareToken is ERC20, IShareToken {
    using SuperTokenV1Library for ISuperToken;
    using SafeERC20 for IERC20;

    /// @notice Shares per IP. With 0 decimals, one share is one pool unit.
    uint256 public constant SUPPLY = SHARES_PER_IP;

    /// @inheritdoc IShareToken
    uint256 public ipId;
    /// @inheritdoc IShareToken
    ISuperfluidPool public pool;
    /// @inheritdoc IShareToken
    ISuperToken public immutable currency;
    /// @inheritdoc IShareToken
    address public creator;
    /// @notice The RoyaltyPools contract that created this clone.
    address public royaltyPools;
    /// @notice Pauses primary sales of a disputed IP's shares (for good once the IP is flagged).
    IDisputes public immutable disputes;

    /// @dev The currency's underlying ERC-20 (zero for a SuperToken without one) and its decimals.
    IERC20 private immutable _underlying;
    uint8 private immutable _underlyingDecimals;

    string private _shareName;
    string private _shareSymbol;
    uint128 private _saleAvailable;
    uint128 private _salePrice;

    /// @param currency_ The SuperToken royalties are paid in (the same for every IP).
    /// @param disputes_ The Disputes contract whose open or upheld disputes pause {buyShares}.
    constructor(ISuperToken currency_, IDisputes disputes_) ERC20("", "") {
        currency = currency_;
        disputes = disputes_;
        (_underlying, _underlyingDecimals) = _underlyingOf(currency_);
        // the implementation itself is never used: lock it
        royaltyPools = address(this);
    }

    /**
     * @notice Sets up a fresh clone: creates the IP's pool (this token is its admin) and mints the supply,
     * `parentShares[i]` to `parentTokens[i]` and the rest to `creator_`. Called once, by RoyaltyPools.
     * Income already held (a derivative's royalties paid before its shares existed) is distributed by the first
     * {distributeIncome} or transfer, to these first holders.
     * @dev Errors: {ShareTokenAlreadyInitialized}.
     */
    function initialize(
        uint256 ipId_,
        string calldata name_,
        string calldata symbol_,
        address creator_,
        address[] calldata parentTokens,
        uint256[] calldata parentShares
    ) external {
        if (royaltyPools != address(0)) revert ShareTokenAlreadyInitialized();
        royaltyPools = msg.sender;
        ipId = ipId_;
        _shareName = name_;
        _shareSymbol = symbol_;
        creator = creator_;
        pool = currency.createPool(
            address(this), PoolConfig({transferabilityForUnitsOwner: false, distributionFromAnyAddress: true})
        );
        uint256 toCreator = SUPPLY;
        for (uint256 i = 0; i < parentTokens.length; i++) {
            _mint(parentTokens[i], parentShares[i]);
            toCreator -= parentShares[i];
        }
        _mint(creator_, toCreator);
    }

    /// @notice Shares are whole: 0 decimals.
    function decimals() public pure override returns (uint8) {
        return 0;
    }

    /// @inheritdoc ERC20
    function name() public view override returns (string memory) {
        return _shareName;
    }

    /// @inheritdoc ERC20
    function symbol() public view override returns (string memory) {
        return _shareSymbol;
    }

    // ------------------------------------------------------------------ primary sale

    /// @inheritdoc IShareToken
    function openSale(uint256 amount, uint256 pricePerShare) external {
        if (msg.sender != creator) revert ShareTokenNotCreator(msg.sender);
        if (amount == 0 || pricePerShare == 0 || pricePerShare > type(uint128).max) {
            revert ShareTokenInvalidSale(amount, pricePerShare);
        }
        uint256 balance = balanceOf(msg.sender);
        if (amount > balance) revert ShareTokenSaleExceedsBalance(amount, balance);
        _saleAvailable = uint128(amount);
        _salePrice = uint128(pricePerShare);
        emit SaleOpened(msg.sender, amount, pricePerShare);
    }

    /// @inheritdoc IShareToken
    function closeSale() external {
        if (msg.sender != creator) revert ShareTokenNotCreator(msg.sender);
        uint256 unsold = _saleAvailable;
        if (unsold == 0) revert ShareTokenNoSale();
        _saleAvailable = 0;
        _salePrice = 0;
        emit SaleClosed(msg.sender, unsold);
    }

    /// @inheritdoc IShareToken
    function buyShares(uint256 amount, uint256 maxPricePerShare) external {
        if (amount == 0) revert ShareTokenZeroAmount();
        disputes.requireNotPaused(ipId);
        uint256 available = _saleAvailable;
        if (available == 0) revert ShareTokenNoSale();
        if (amount > available) revert ShareTokenSaleExhausted(amount, available);
        uint256 price = _salePrice;
        if (price > maxPricePerShare) revert ShareTokenPriceAboveMax(price, maxPricePerShare);

        _saleAvailable = uint128(available - amount);
        _transfer(creator, msg.sender, amount);
        uint256 cost = amount * price;
        currency.transferFrom(msg.sender, creator, cost);
        bool connected = currency.isMemberConnected(address(pool), msg.sender)
            || currency.tryConnectPoolFor(pool, msg.sender);
        emit SharesBought(msg.sender, amount, cost, connected);
    }

    /// @inheritdoc IShareToken
    function sale() external view returns (uint256 available, uint256 pricePerShare) {
        return (_saleAvailable, _saleAvailable == 0 ? 0 : _salePrice);
    }

    // ------------------------------------------------------------------ income

    /// @inheritdoc IShareToken
    function distributeIncome() external returns (uint256 amount) {
        return _distributeIncome();
    }

    /// @inheritdoc IShareToken
    function sweep(address token) external returns (uint256 amount) {
        address owner = IRoyaltyPools(royaltyPools).ipRegistry().ownerOf(ipId);
        if (token == address(0)) {
            amount = address(this).balance;
            if (amount == 0) return 0;
            emit Swept(token, owner, amount);
            Address.sendValue(payable(owner), amount);
        } else {
            if (token == address(currency) || token == address(_underlying) || _isShareToken(token)) {
                revert ShareTokenNotSweepable(token);
            }
            amount = IERC20(token).balanceOf(address(this));
            if (amount == 0) return 0;
            emit Swept(token, owner, amount);
            IERC20(token).safeTransfer(owner, amount);
        }
    }

    /// @notice Accepts ETH, so that an ERC-2981 royalty paid in ETH does not fail the sale; {sweep} passes it on.
    receive() external payable {
        emit EthReceived(msg.sender, msg.value);
    }

    /// @inheritdoc IShareToken
    function connectToPool(ISuperfluidPool derivativePool) external {
        if (msg.sender != royaltyPools) revert ShareTokenUnauthorized(msg.sender);
        currency.connectPool(derivativePool);
        emit ConnectedToPool(address(derivativePool));
    }

    /**
     * @dev Every mint and transfer passes here: pool units follow share balances (one unit per share). Before a
     * transfer moves units, the income waiting here is distributed under the old units. Shares cannot be sent to
     * this token itself: its units would take a cut of every distribution that nobody could ever receive.
     */
    function _update(address from, address to, uint256 value) internal override {
        if (to == address(this)) revert ERC20InvalidReceiver(to);
        if (value == 0 || from == to) return super._update(from, to, value);
        if (from != address(0)) _distributeIncome();
        super._update(from, to, value);
        if (from != address(0)) pool.updateMemberUnits(from, uint128(balanceOf(from)));
        pool.updateMemberUnits(to, uint128(balanceOf(to)));
    }

    /// @dev Wraps the underlying held here, then distributes the largest multiple of the total units (the supply)
    /// of the currency held here; the remainder waits for the next distribution.
    function _distributeIncome() private returns (uint256 amount) {
        _wrapUnderlying();
        uint256 balance = currency.balanceOf(address(this));
        amount = balance - (balance % SUPPLY);
        if (amount == 0) return 0;
        currency.distribute(pool, amount);
        emit IncomeDistributed(amount);
    }

    /// @dev Upgrades the underlying held here into the currency (which counts 18 decimals), all of it but what is
    /// finer than one wei of the currency when the underlying has more decimals.
    function _wrapUnderlying() private {
        IERC20 underlying = _underlying;
        if (address(underlying) == address(0)) return;
        uint256 held = underlying.balanceOf(address(this));
        if (held == 0) return;
        uint8 decimals_ = _underlyingDecimals;
        uint256 amount;
        uint256 wrapped;
        if (decimals_ <= 18) {
            amount = held * 10 ** (18 - decimals_);
            wrapped = held;
        } else {
            uint256 factor = 10 ** (decimals_ - 18);
            amount = held / factor;
            wrapped = amount * factor;
        }
        if (amount == 0) return;
        underlying.forceApprove(address(currency), wrapped);
        currency.upgrade(amount);
        emit IncomeWrapped(wrapped, amount);
    }

    /// @dev The currency's underlying ERC-20 and its decimals: none for a SuperToken without one.
    function _underlyingOf(ISuperToken currency_) private view returns (IERC20 underlying, uint8 decimals_) {
        underlying = IERC20(currency_.getUnderlyingToken());
        if (address(underlying) != address(0)) decimals_ = currency_.getUnderlyingDecimals();
    }

    /// @dev `token` is the share token of one of our IPs (a derivative's shares held here are this IP's royalty).
    function _isShareToken(address token) private view returns (bool) {
        (bool ok, bytes memory data) = token.staticcall(abi.encodeCall(IShareToken.ipId, ()));
        if (!ok || data.length != 32) return false;
        return address(IRoyaltyPools(royaltyPools).shareTokenOf(abi.decode(data, (uint256)))) == token;
    }
}
