import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, apiUpload, retryUnlessMissing } from './client.js';
import type {
  BrandDocument,
  ImageView,
  Member,
  Page,
  Store,
  StoreAnswer,
  StorefrontAnswer,
  StoreRole,
  StoreSummary,
  StoreType,
  Visits,
} from './types.js';

const enc = encodeURIComponent;

export const storeKeys = {
  all: ['store'] as const,
  one: (idOrHandle: string) => ['store', idOrHandle] as const,
  storefront: (id: string, version: 'draft' | 'published') => ['storefront', id, version] as const,
  mine: ['stores-mine'] as const,
  members: (id: string) => ['members', id] as const,
  brandDocuments: (id: string) => ['brand-documents', id] as const,
  visits: (id: string, days: number) => ['visits', id, days] as const,
  following: ['following'] as const,
  brandReviews: ['brand-reviews'] as const,
};

export function useStore(idOrHandle: string | undefined) {
  return useQuery({
    queryKey: storeKeys.one(idOrHandle ?? ''),
    queryFn: () => apiRequest<StoreAnswer>(`/stores/${enc(idOrHandle ?? '')}`),
    enabled: Boolean(idOrHandle),
    retry: retryUnlessMissing,
  });
}

export function useStorefront(idOrHandle: string | undefined, version: 'draft' | 'published' = 'published') {
  return useQuery({
    queryKey: storeKeys.storefront(idOrHandle ?? '', version),
    queryFn: () => apiRequest<StorefrontAnswer>(`/stores/${enc(idOrHandle ?? '')}/storefront`, { query: { version } }),
    enabled: Boolean(idOrHandle),
    retry: retryUnlessMissing,
  });
}

export function useMyStores(enabled = true) {
  return useQuery({
    queryKey: storeKeys.mine,
    queryFn: () => apiRequest<{ data: { role: StoreRole; store: Store }[] }>('/stores/mine').then((answer) => answer.data),
    enabled,
  });
}

/** After anything that changes a store: every cached view of stores is refetched. */
function useStoresChanged() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: storeKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['storefront'] }),
      queryClient.invalidateQueries({ queryKey: storeKeys.mine }),
    ]);
}

export interface OpenStoreInput {
  name: string;
  handle: string;
  description?: string;
  country: string;
  currency: string;
  type: StoreType;
}

export function useOpenStore() {
  const changed = useStoresChanged();
  return useMutation({
    mutationFn: (input: OpenStoreInput) => apiRequest<{ store: Store }>('/stores', { method: 'POST', body: input }).then((a) => a.store),
    onSuccess: changed,
  });
}

export function useUpdateStore(storeId: string) {
  const changed = useStoresChanged();
  return useMutation({
    mutationFn: (input: { name?: string; description?: string; country?: string; currency?: string }) =>
      apiRequest<{ store: Store }>(`/stores/${enc(storeId)}`, { method: 'PATCH', body: input }).then((a) => a.store),
    onSuccess: changed,
  });
}

export interface StorefrontInput {
  theme_color: string;
  announcement: string;
  logo_image_id: string | null;
  banner_image_id: string | null;
  sections: { title: string; product_ids: string[] }[];
}

export function useSaveStorefront(storeId: string) {
  const changed = useStoresChanged();
  return useMutation({
    mutationFn: (input: StorefrontInput) =>
      apiRequest<{ store: Store }>(`/stores/${enc(storeId)}/storefront`, { method: 'PUT', body: input }).then((a) => a.store),
    onSuccess: changed,
  });
}

export function usePublishStorefront(storeId: string) {
  const changed = useStoresChanged();
  return useMutation({
    mutationFn: () => apiRequest<{ store: Store }>(`/stores/${enc(storeId)}/storefront/publish`, { method: 'POST' }).then((a) => a.store),
    onSuccess: changed,
  });
}

export function useUploadStoreImage(storeId: string) {
  return useMutation({
    mutationFn: ({ file, purpose }: { file: Blob; purpose: 'logo' | 'banner' }) =>
      apiUpload<{ image: ImageView }>(`/stores/${enc(storeId)}/images`, file, { purpose }).then((a) => a.image),
  });
}

export function useMembers(storeId: string) {
  return useQuery({
    queryKey: storeKeys.members(storeId),
    queryFn: () => apiRequest<{ data: Member[] }>(`/stores/${enc(storeId)}/members`).then((a) => a.data),
  });
}

export function useAddMember(storeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: string) =>
      apiRequest<{ member: Member }>(`/stores/${enc(storeId)}/members`, { method: 'POST', body: { email } }).then((a) => a.member),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: storeKeys.members(storeId) }),
  });
}

export function useRemoveMember(storeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => apiRequest<void>(`/stores/${enc(storeId)}/members/${enc(userId)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: storeKeys.members(storeId) }),
  });
}

export function useBrandDocuments(storeId: string, enabled: boolean) {
  return useQuery({
    queryKey: storeKeys.brandDocuments(storeId),
    queryFn: () => apiRequest<{ brand_status: string; data: BrandDocument[] }>(`/stores/${enc(storeId)}/brand-documents`),
    enabled,
  });
}

export function useSubmitBrandDocument(storeId: string) {
  const queryClient = useQueryClient();
  const changed = useStoresChanged();
  return useMutation({
    mutationFn: ({ file, note }: { file: Blob; note: string }) =>
      apiUpload<{ document: BrandDocument }>(`/stores/${enc(storeId)}/brand-documents`, file, { note: note || undefined }),
    onSuccess: () => Promise.all([changed(), queryClient.invalidateQueries({ queryKey: storeKeys.brandDocuments(storeId) })]),
  });
}

export function useFollow(storeId: string) {
  const changed = useStoresChanged();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (follow: boolean) =>
      apiRequest<{ following: boolean }>(`/stores/${enc(storeId)}/follow`, { method: follow ? 'POST' : 'DELETE' }),
    onSuccess: () => Promise.all([changed(), queryClient.invalidateQueries({ queryKey: storeKeys.following })]),
  });
}

export function useFollowing() {
  return useInfiniteQuery({
    queryKey: storeKeys.following,
    queryFn: ({ pageParam }) => apiRequest<Page<StoreSummary>>('/me/following', { query: { limit: 20, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useVisits(storeId: string, days = 30) {
  return useQuery({
    queryKey: storeKeys.visits(storeId, days),
    queryFn: () => apiRequest<Visits>(`/stores/${enc(storeId)}/visits`, { query: { days } }),
  });
}

/** Brand stores waiting for an operator's decision (operators only). */
export function useBrandReviews() {
  return useInfiniteQuery({
    queryKey: storeKeys.brandReviews,
    queryFn: ({ pageParam }) => apiRequest<Page<Store>>('/operator/brand-reviews', { query: { limit: 20, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useReviewBrand(storeId: string) {
  const changed = useStoresChanged();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { decision: 'approve' | 'reject'; note?: string }) =>
      apiRequest<{ store: Store }>(`/stores/${enc(storeId)}/brand-review`, { method: 'POST', body: input }).then((a) => a.store),
    onSuccess: () => Promise.all([changed(), queryClient.invalidateQueries({ queryKey: storeKeys.brandReviews })]),
  });
}
