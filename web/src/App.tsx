import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { Shell } from './components/Shell/Shell.js';
import { Account } from './pages/Account/Account.js';
import { CategoriesPage, CategoryPage } from './pages/Categories/Categories.js';
import { FavouritesPage, FollowingPage } from './pages/Favourites/Favourites.js';
import { Home } from './pages/Home/Home.js';
import { NotFound } from './pages/NotFound/NotFound.js';
import { BrandReviews } from './pages/Operator/BrandReviews.js';
import { ProductPage } from './pages/Product/Product.js';
import { SearchPage } from './pages/Search/Search.js';
import { SignIn } from './pages/SignIn/SignIn.js';
import { SignUp } from './pages/SignUp/SignUp.js';
import { StorePage } from './pages/Store/Store.js';

type SellerModule = typeof import('./pages/Seller/index.js');
type BuyingModule = typeof import('./pages/Buying/index.js');

/** A seller-center route whose code loads on first use. */
function seller(name: keyof SellerModule) {
  return async () => ({ Component: (await import('./pages/Seller/index.js'))[name] as ComponentType });
}

/** A checkout, order, wallet, refund or dispute route: its code loads on first use too. */
function buying(name: keyof BuyingModule) {
  return async () => ({ Component: (await import('./pages/Buying/index.js'))[name] as ComponentType });
}

export const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      { index: true, element: <Home /> },
      { path: 'signup', element: <SignUp /> },
      { path: 'signin', element: <SignIn /> },
      { path: 'account', element: <Account /> },
      { path: 'me/favourites', element: <FavouritesPage /> },
      { path: 'me/following', element: <FollowingPage /> },
      // Buyers: the server renders /s/{handle} and /p/{id} with Open Graph tags first.
      { path: 's/:handle', element: <StorePage /> },
      { path: 'p/:id', element: <ProductPage /> },
      { path: 'c', element: <CategoriesPage /> },
      { path: 'c/:id', element: <CategoryPage /> },
      { path: 'search', element: <SearchPage /> },
      // Buying
      { path: 'cart', lazy: buying('CartPage') },
      { path: 'checkout', lazy: buying('CheckoutPage') },
      { path: 'checkout/pay', lazy: buying('PayPage') },
      { path: 'orders', lazy: buying('OrdersPage') },
      { path: 'orders/:id', lazy: buying('OrderPage') },
      { path: 'orders/:id/refund', lazy: buying('RefundRequestPage') },
      { path: 'refunds/:id', lazy: buying('RefundPage') },
      { path: 'disputes/:id', lazy: buying('DisputePage') },
      { path: 'wallet', lazy: buying('WalletPage') },
      // Sellers
      { path: 'seller', lazy: seller('SellerHome') },
      { path: 'seller/new', lazy: seller('OpenStore') },
      {
        path: 'seller/:storeId',
        lazy: seller('SellerLayout'),
        children: [
          { index: true, lazy: seller('Dashboard') },
          { path: 'settings', lazy: seller('StoreSettings') },
          { path: 'storefront', lazy: seller('StorefrontEditor') },
          { path: 'storefront/preview', lazy: seller('StorefrontPreview') },
          { path: 'orders', lazy: seller('SellerOrders') },
          { path: 'orders/:orderId', lazy: seller('SellerOrder') },
          { path: 'refunds', lazy: seller('SellerRefunds') },
          { path: 'wallet', lazy: seller('SellerWallet') },
          { path: 'products', lazy: seller('SellerProducts') },
          { path: 'products/new', lazy: seller('NewProduct') },
          { path: 'products/:productId', lazy: seller('EditProduct') },
          { path: 'products/:productId/stock', lazy: seller('StockPage') },
          { path: 'team', lazy: seller('TeamPage') },
          { path: 'brand', lazy: seller('BrandPage') },
          { path: 'share', lazy: seller('SharePage') },
        ],
      },
      // Operators
      { path: 'operator/brand-reviews', element: <BrandReviews /> },
      { path: 'operator/disputes', lazy: buying('OperatorDisputes') },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
