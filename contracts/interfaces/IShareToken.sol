// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ISuperfluidPool, ISuperToken} from "@superfluid-finance/ethereum-contracts/contracts/interfaces/superfluid/ISuperfluid.sol";

/**
 * @title IShareToken
 * @notice The revenue-share token of one IP: a fixed-supply ERC-20 whose balances are mirrored, on every mint and
 * transfer, into the member units of the IP's Superfluid GDA royalty pool, so holders receive the royalties
 * streamed or distributed into the pool in proportion to their shares.
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
     * @notice Distributes every SuperToken this contract holds to the share holders through the pool; anyone may
     * call it. Returns the amount distributed.
     */
    function distributeIncome() external returns (uint256 amount);

    /// @notice Connects this token to `derivativePool`, where it holds the parent's royalty shares. Royalty pools only.
    function connectToPool(ISuperfluidPool derivativePool) external;
}
