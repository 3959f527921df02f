// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ISuperfluidPool, ISuperToken} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";

/**
 * @title IShareToken
 * @notice The revenue-share token of one IP: a fixed-supply ERC-20 whose balances are mirrored, on every mint and
 * transfer, into the member units of the IP's Superfluid GDA royalty pool, so holders receive the royalties
 * streamed or distributed into the pool in proportion to their shares.
 *
 * It is also the IP's ERC-2981 royalty receiver. What it receives:
 * - the royalty currency (a SuperToken), and that SuperToken's underlying ERC-20 (what a marketplace pays a
 *   royalty in), are income: {distributeIncome} wraps the underlying and distributes both to the holders, and
 *   every share transfer distributes what waits first, so income belongs to whoever held the shares when it
 *   arrived;
 * - ETH (accepted, so that a marketplace that pays royalties in ETH does not fail the sale) and any other ERC-20
 *   cannot be split by the pool: anyone may {sweep} them to the IP's owner.
 */
interface IShareToken {
    /// @notice The creator offers `amount` of their shares at `pricePerShare` (SuperToken wei per share).
    event SaleOpened(address indexed creator, uint256 amount, uint256 pricePerShare);
    /// @notice The creator withdrew what was left of the sale.
    event SaleClosed(address indexed creator, uint256 unsold);
    /// @notice `buyer` bought `amount` shares for `cost`; `connected` tells whether the buyer was connected to the pool.
    event SharesBought(address indexed buyer, uint256 amount, uint256 cost, bool connected);
    /// @notice `amount` of SuperTokens held by this token (ERC-2981 royalties, a parent's share of derivative income)
    /// was distributed to the holders through the pool.
    event IncomeDistributed(uint256 amount);
    /// @notice This token became a member of a derivative's pool, through which the derivative pays its royalty.
    event ConnectedToPool(address indexed pool);
    /// @notice `underlyingAmount` of the currency's underlying ERC-20 held here was wrapped into `amount` of the
    /// currency, to be distributed as income.
    event IncomeWrapped(uint256 underlyingAmount, uint256 amount);
    /// @notice `from` paid `amount` wei of ETH to this token (an ERC-2981 royalty paid in ETH); {sweep} passes it on.
    event EthReceived(address indexed from, uint256 amount);
    /// @notice `amount` of `token` (the zero address for ETH), which the pool cannot distribute, went to the IP's
    /// owner `to`.
    event Swept(address indexed token, address indexed to, uint256 amount);

    /// @notice Only the creator may do this.
    error ShareTokenNotCreator(address caller);
    /// @notice Only the royalty pools contract may do this.
    error ShareTokenUnauthorized(address caller);
    /// @notice Already initialized.
    error ShareTokenAlreadyInitialized();
    /// @notice No sale is open.
    error ShareTokenNoSale();
    /// @notice A sale must offer at least one share at a price above zero.
    error ShareTokenInvalidSale(uint256 amount, uint256 pricePerShare);
    /// @notice The creator does not hold the shares they want to offer.
    error ShareTokenSaleExceedsBalance(uint256 amount, uint256 balance);
    /// @notice Fewer shares are left for sale than asked for.
    error ShareTokenSaleExhausted(uint256 requested, uint256 available);
    /// @notice The price is above what the buyer agreed to pay.
    error ShareTokenPriceAboveMax(uint256 pricePerShare, uint256 maxPricePerShare);
    /// @notice A purchase of zero shares.
    error ShareTokenZeroAmount();
    /// @notice `token` is not swept: the currency and its underlying are the holders' income ({distributeIncome}),
    /// and shares of a derivative held here are this IP's royalty from that derivative.
    error ShareTokenNotSweepable(address token);

    /// @notice The IP these shares are of.
    function ipId() external view returns (uint256);
    /// @notice The IP's GDA royalty pool; this token is its admin.
    function pool() external view returns (ISuperfluidPool);
    /// @notice The SuperToken royalties are paid in.
    function currency() external view returns (ISuperToken);
    /// @notice Who received the shares when they were enabled (the IP owner then) and may sell them.
    function creator() external view returns (address);

    /**
     * @notice Offers `amount` of the creator's shares at a fixed `pricePerShare`, replacing any open sale.
     * @dev Errors: {ShareTokenNotCreator}, {ShareTokenInvalidSale}, {ShareTokenSaleExceedsBalance}.
     */
    function openSale(uint256 amount, uint256 pricePerShare) external;

    /// @notice Ends the sale. Errors: {ShareTokenNotCreator}, {ShareTokenNoSale}.
    function closeSale() external;

    /**
     * @notice Buys `amount` shares from the creator's sale, paying `amount * pricePerShare` in the SuperToken to
     * the creator (approve this token first), and connects the buyer to the pool when Superfluid allows it, so the
     * royalties arrive in the buyer's balance second by second.
     * @dev Errors: {ShareTokenZeroAmount}, {ShareTokenNoSale}, {ShareTokenSaleExhausted}, {ShareTokenPriceAboveMax};
     * ERC20InsufficientBalance if the creator no longer holds the shares.
     */
    function buyShares(uint256 amount, uint256 maxPricePerShare) external;

    /// @notice Shares left in the open sale and their price (0, 0 without a sale).
    function sale() external view returns (uint256 available, uint256 pricePerShare);

    /**
     * @notice Distributes the income this contract holds to the share holders through the pool; anyone may call
     * it. Wraps any underlying ERC-20 of the currency first. The pool pays whole multiples of its total units (the
     * supply, 1,000,000), so the remainder (under 1,000,000 wei) stays here and goes out with the next
     * distribution; nothing else stays behind. Every share transfer calls this first. Emits {IncomeWrapped} when
     * it wraps and {IncomeDistributed} when it distributes.
     * @return amount The amount distributed (0 when less than one wei per share waits).
     */
    function distributeIncome() external returns (uint256 amount);

    /**
     * @notice Sends all of `token` this contract holds (ETH for the zero address) to the IP's current owner; anyone
     * may call it. For what the pool cannot distribute: ETH royalties and other ERC-20s. Emits {Swept} (nothing
     * when there is nothing to send).
     * @dev Errors: {ShareTokenNotSweepable} for the currency, its underlying and share tokens of our IPs;
     * Address's FailedCall when the owner refuses ETH; SafeERC20's SafeERC20FailedOperation.
     * @return amount The amount sent.
     */
    function sweep(address token) external returns (uint256 amount);

    /// @notice Connects this token to `derivativePool`, where it holds the parent's royalty shares. Royalty pools only.
    function connectToPool(ISuperfluidPool derivativePool) external;
}
