import { useOutletContext } from 'react-router';
import type { Store, StoreRole } from '../../api/types.js';

export interface SellerContext {
  store: Store;
  role: StoreRole;
}

/** The store the seller center is showing, and the signed-in user's role in it. */
export function useSellerStore(): SellerContext {
  return useOutletContext<SellerContext>();
}

export const sellerPath = (storeId: string, rest = '') => `/seller/${storeId}${rest ? `/${rest}` : ''}`;
