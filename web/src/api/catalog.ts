import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, apiUpload, retryUnlessMissing } from './client.js';
import type {
  Attribute,
  Category,
  Dimensions,
  ImageView,
  Page,
  ProductAnswer,
  ProductCard,
  ProductOption,
  ProductStatus,
  StockAdjustment,
  StockReason,
} from './types.js';

const enc = encodeURIComponent;

export interface ProductFilter {
  store_id?: string | undefined;
  category_id?: string | undefined;
  status?: ProductStatus | undefined;
}

export const catalogKeys = {
  categories: ['categories'] as const,
  products: ['products'] as const,
  list: (filter: ProductFilter, limit: number) => ['products', filter, limit] as const,
  product: (id: string) => ['product', id] as const,
  stock: (id: string) => ['stock', id] as const,
  favourites: ['favourites'] as const,
};

export function useCategories() {
  return useQuery({
    queryKey: catalogKeys.categories,
    queryFn: () => apiRequest<{ data: Category[] }>('/categories').then((a) => a.data),
    staleTime: 10 * 60_000,
  });
}

/** Product cards, newest first, a page at a time. */
export function useProducts(filter: ProductFilter, limit = 20, enabled = true) {
  return useInfiniteQuery({
    queryKey: catalogKeys.list(filter, limit),
    queryFn: ({ pageParam }) => apiRequest<Page<ProductCard>>('/products', { query: { ...filter, limit, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  });
}

export function useProduct(id: string | undefined) {
  return useQuery({
    queryKey: catalogKeys.product(id ?? ''),
    queryFn: () => apiRequest<ProductAnswer>(`/products/${enc(id ?? '')}`),
    enabled: Boolean(id),
    retry: retryUnlessMissing,
  });
}

function useProductsChanged() {
  const queryClient = useQueryClient();
  return (answer?: ProductAnswer) => {
    if (answer)
      queryClient.setQueryData(catalogKeys.product(answer.product.id), (old: ProductAnswer | undefined) => ({ ...old, ...answer }));
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: catalogKeys.products }),
      queryClient.invalidateQueries({ queryKey: ['product'] }),
      queryClient.invalidateQueries({ queryKey: ['storefront'] }),
    ]);
  };
}

export interface SkuInput {
  options: string[];
  price_minor: number;
  stock: number;
  weight_g: number;
  code?: string;
  dimensions_mm?: Dimensions;
}

export interface ProductInput {
  store_id: string;
  title: string;
  description?: string;
  category_id: string;
  attributes?: Attribute[];
  options?: ProductOption[];
  skus: SkuInput[];
  status?: 'draft' | 'active';
}

export function useCreateProduct() {
  const changed = useProductsChanged();
  return useMutation({
    mutationFn: (input: ProductInput) => apiRequest<ProductAnswer>('/products', { method: 'POST', body: input }),
    onSuccess: (answer) => changed(answer),
  });
}

export interface ProductChanges {
  title?: string;
  description?: string;
  category_id?: string;
  attributes?: Attribute[];
  status?: ProductStatus;
}

export function useUpdateProduct(productId: string) {
  const changed = useProductsChanged();
  return useMutation({
    mutationFn: (changes: ProductChanges) => apiRequest<ProductAnswer>(`/products/${enc(productId)}`, { method: 'PATCH', body: changes }),
    onSuccess: (answer) => changed(answer),
  });
}

/** Like useUpdateProduct, for a product whose id is known only when the mutation runs. */
export function useChangeProduct() {
  const changed = useProductsChanged();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: ProductChanges }) =>
      apiRequest<ProductAnswer>(`/products/${enc(id)}`, { method: 'PATCH', body: changes }),
    onSuccess: (answer) => changed(answer),
  });
}

export function useUpdateSku(productId: string) {
  const changed = useProductsChanged();
  return useMutation({
    mutationFn: ({ skuId, ...changes }: { skuId: string; price_minor?: number; weight_g?: number; code?: string }) =>
      apiRequest<ProductAnswer>(`/products/${enc(productId)}/skus/${enc(skuId)}`, { method: 'PATCH', body: changes }),
    onSuccess: (answer) => changed(answer),
  });
}

export function useDeleteProduct(productId: string) {
  const changed = useProductsChanged();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<{ outcome: 'deleted' | 'delisted' }>(`/products/${enc(productId)}`, { method: 'DELETE' }),
    onSuccess: async ({ outcome }) => {
      if (outcome === 'deleted') queryClient.removeQueries({ queryKey: catalogKeys.product(productId) });
      await changed();
    },
  });
}

export function useAddProductImage(productId: string) {
  const changed = useProductsChanged();
  return useMutation({
    mutationFn: (file: Blob) => apiUpload<{ image: ImageView }>(`/products/${enc(productId)}/images`, file).then((a) => a.image),
    onSuccess: () => changed(),
  });
}

/** Uploads photos to a product as a plain function, for the first save of a new product. */
export function uploadProductImage(productId: string, file: Blob) {
  return apiUpload<{ image: ImageView }>(`/products/${enc(productId)}/images`, file).then((a) => a.image);
}

export function useSetImageOrder(productId: string) {
  const changed = useProductsChanged();
  return useMutation({
    mutationFn: (imageIds: string[]) =>
      apiRequest<ProductAnswer>(`/products/${enc(productId)}/images`, { method: 'PUT', body: { image_ids: imageIds } }),
    onSuccess: (answer) => changed(answer),
  });
}

export function useStockHistory(productId: string) {
  return useInfiniteQuery({
    queryKey: catalogKeys.stock(productId),
    queryFn: ({ pageParam }) =>
      apiRequest<Page<StockAdjustment>>(`/products/${enc(productId)}/stock-adjustments`, { query: { limit: 20, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useAdjustStock(productId: string) {
  const changed = useProductsChanged();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { sku_id: string; delta: number; reason: StockReason; note?: string }) =>
      apiRequest<{ adjustment: StockAdjustment }>(`/products/${enc(productId)}/stock-adjustments`, { method: 'POST', body: input }),
    onSuccess: () => Promise.all([changed(), queryClient.invalidateQueries({ queryKey: catalogKeys.stock(productId) })]),
  });
}

export function useFavourite(productId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (favourite: boolean) =>
      apiRequest<{ favourited: boolean }>(`/products/${enc(productId)}/favourite`, { method: favourite ? 'POST' : 'DELETE' }),
    onSuccess: ({ favourited }) => {
      queryClient.setQueryData(catalogKeys.product(productId), (old: ProductAnswer | undefined) =>
        old ? { ...old, viewer: { favourited } } : old,
      );
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: catalogKeys.product(productId) }),
        queryClient.invalidateQueries({ queryKey: catalogKeys.favourites }),
      ]);
    },
  });
}

export function useFavourites() {
  return useInfiniteQuery({
    queryKey: catalogKeys.favourites,
    queryFn: ({ pageParam }) => apiRequest<Page<ProductCard>>('/me/favourites', { query: { limit: 20, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}
