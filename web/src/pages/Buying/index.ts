/** The buyer's checkout, orders, wallet, refunds and disputes: loaded on first use, like the seller center. */
export { CartPage } from './Cart.js';
export { CheckoutPage } from './Checkout.js';
export { DisputePage } from './DisputePage.js';
export { OperatorDisputes } from './OperatorDisputes.js';
export { OrderPage } from './OrderPage.js';
export { OrdersPage } from './Orders.js';
export { PayPage } from './Pay.js';
export { RefundPage } from './RefundPage.js';
export { RefundRequestPage } from './RefundRequest.js';
export { WalletPage } from './Wallet.js';
