/** The seller center, loaded only when someone opens it: buyers arriving from a QR code never download it. */
export { BrandPage } from './BrandPage.js';
export { Dashboard } from './Dashboard.js';
export { OpenStore } from './OpenStore.js';
export { EditProduct, NewProduct } from './ProductEditor.js';
export { SellerHome } from './SellerHome.js';
export { SellerLayout } from './SellerLayout.js';
export { SellerOrder, SellerOrders } from './SellerOrders.js';
export { SellerProducts } from './SellerProducts.js';
export { SellerRefunds } from './SellerRefunds.js';
export { SellerWallet } from './SellerWallet.js';
export { SharePage } from './SharePage.js';
export { StockPage } from './StockPage.js';
export { StorefrontEditor } from './StorefrontEditor.js';
export { StorefrontPreview } from './StorefrontPreview.js';
export { StoreSettings } from './StoreSettings.js';
export { TeamPage } from './TeamPage.js';
