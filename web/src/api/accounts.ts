import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyLocale, currentLocale, isLocale, type Locale } from '../i18n/index.js';
import { ApiError, apiRequest, rememberCsrfToken } from './client.js';

export interface User {
  id: string;
  email: string;
  display_name: string;
  role: 'buyer' | 'operator';
  locale: string;
  created_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

interface SessionResponse {
  user: User;
  csrf_token: string;
}

interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export const ME_KEY = ['me'] as const;
export const API_KEYS_KEY = ['api-keys'] as const;
const API_KEYS_PAGE_SIZE = 20;

/** The signed-in user, or null when nobody is signed in (a 401 is an answer, not a failure). */
async function fetchMe(): Promise<User | null> {
  try {
    const me = await apiRequest<{ user: User; csrf_token?: string }>('/me');
    rememberCsrfToken(me.csrf_token);
    return me.user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      rememberCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: 1 });
}

function useSessionStarted() {
  const queryClient = useQueryClient();
  return async (session: SessionResponse) => {
    rememberCsrfToken(session.csrf_token);
    // Whatever was cached belonged to whoever was signed in before.
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
    queryClient.setQueryData(ME_KEY, session.user);
    await queryClient.invalidateQueries({ queryKey: ME_KEY });
  };
}

export interface SignUpInput {
  email: string;
  password: string;
  display_name?: string;
  locale: Locale;
}

export function useSignUp() {
  const started = useSessionStarted();
  return useMutation({
    mutationFn: (input: SignUpInput) => apiRequest<SessionResponse>('/auth/signup', { method: 'POST', body: input }),
    onSuccess: started,
  });
}

export function useSignIn() {
  const started = useSessionStarted();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => apiRequest<SessionResponse>('/auth/login', { method: 'POST', body: input }),
    onSuccess: async (session: SessionResponse) => {
      // The account's language follows the user to this device.
      const locale = session.user.locale;
      if (isLocale(locale) && locale !== currentLocale()) await applyLocale(locale);
      await started(session);
    },
  });
}

/** Signs out; `leave` runs first, so a page that needs a user can move away before the user is gone. */
export function useSignOut(leave?: () => void | Promise<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('/auth/logout', { method: 'POST' }),
    onSuccess: async () => {
      await leave?.();
      rememberCsrfToken(undefined);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      queryClient.setQueryData(ME_KEY, null);
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { display_name?: string; locale?: Locale }) =>
      apiRequest<{ user: User }>('/me', { method: 'PATCH', body: input }).then((answer) => answer.user),
    onSuccess: (user) => queryClient.setQueryData(ME_KEY, user),
  });
}

export function useApiKeys() {
  return useInfiniteQuery({
    queryKey: API_KEYS_KEY,
    queryFn: ({ pageParam }) => apiRequest<Page<ApiKey>>('/api-keys', { query: { limit: API_KEYS_PAGE_SIZE, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiRequest<{ api_key: ApiKey; secret: string }>('/api-keys', { method: 'POST', body: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: API_KEYS_KEY }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<{ api_key: ApiKey }>(`/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: ({ api_key }) => {
      // Show the revocation at once, then refetch to be sure.
      queryClient.setQueryData<InfiniteData<Page<ApiKey>>>(API_KEYS_KEY, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({ ...page, data: page.data.map((key) => (key.id === api_key.id ? api_key : key)) })),
            }
          : data,
      );
      return queryClient.invalidateQueries({ queryKey: API_KEYS_KEY });
    },
  });
}
