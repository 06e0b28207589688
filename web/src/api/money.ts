import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { buyingKeys, useKeyedMutation } from './buying.js';
import type {
  CardInput,
  Dispute,
  DisputeDetail,
  DisputeOutcome,
  Payment,
  Payout,
  Posting,
  Refund,
  RefundDetail,
  RefundKind,
  Wallet,
} from './buying-types.js';
import { apiRequest, apiUpload, apiUrl, retryUnlessMissing } from './client.js';
import type { Page } from './types.js';

const enc = encodeURIComponent;

export const moneyKeys = {
  history: (accountId: string) => ['wallet', 'history', accountId] as const,
  payouts: (storeId: string) => ['wallet', 'payouts', storeId] as const,
  refunds: ['refunds'] as const,
  refundList: (filter: RefundFilter) => ['refunds', 'list', filter] as const,
  refund: (id: string) => ['refunds', 'one', id] as const,
  disputes: ['disputes'] as const,
  disputeList: (state: string | undefined) => ['disputes', 'list', state ?? 'all'] as const,
  dispute: (id: string) => ['disputes', 'one', id] as const,
};

// Wallet

export function useWallet(enabled = true) {
  return useQuery({ queryKey: buyingKeys.wallet, queryFn: () => apiRequest<Wallet>('/wallet'), enabled });
}

export function useWalletHistory(accountId: string | undefined) {
  return useQuery({
    queryKey: moneyKeys.history(accountId ?? ''),
    queryFn: () => apiRequest<{ data: Posting[] }>('/wallet/history', { query: { account_id: accountId, limit: 30 } }).then((a) => a.data),
    enabled: Boolean(accountId),
    retry: retryUnlessMissing,
  });
}

export function useTopUp() {
  const queryClient = useQueryClient();
  return useKeyedMutation(
    (input: { amount_minor: number; currency: string; card: CardInput }, key) =>
      apiRequest<{ payment: Payment }>('/wallet/top-ups', { method: 'POST', body: input, idempotencyKey: key }).then((a) => a.payment),
    () => queryClient.invalidateQueries({ queryKey: buyingKeys.wallet }),
  );
}

export function usePayouts(storeId: string) {
  return useQuery({
    queryKey: moneyKeys.payouts(storeId),
    queryFn: () => apiRequest<{ data: Payout[] }>('/wallet/payouts', { query: { store_id: storeId } }).then((a) => a.data),
    retry: retryUnlessMissing,
  });
}

export interface PayoutInput {
  store_id: string;
  amount_minor: number;
  currency: string;
  bank_account: { holder_name: string; bank_name: string; account_number: string };
}

export function useRequestPayout() {
  const queryClient = useQueryClient();
  return useKeyedMutation(
    (input: PayoutInput, key) =>
      apiRequest<{ payout: Payout }>('/wallet/payouts', { method: 'POST', body: input, idempotencyKey: key }).then((a) => a.payout),
    () => queryClient.invalidateQueries({ queryKey: buyingKeys.wallet }),
  );
}

// Refunds

/** A store's refunds (for its team), or the signed-in buyer's own; either narrowed to one order. */
export interface RefundFilter {
  store_id?: string | undefined;
  order_id?: string | undefined;
}

export function useRefunds(filter: RefundFilter, enabled = true) {
  return useQuery({
    queryKey: moneyKeys.refundList(filter),
    queryFn: () => apiRequest<Page<Refund>>('/refunds', { query: { ...filter, limit: 50 } }),
    enabled,
    retry: retryUnlessMissing,
  });
}

export function useRefund(id: string | undefined) {
  return useQuery({
    queryKey: moneyKeys.refund(id ?? ''),
    queryFn: () => apiRequest<RefundDetail>(`/refunds/${enc(id ?? '')}`),
    enabled: Boolean(id),
    retry: retryUnlessMissing,
  });
}

function useRefundsChanged() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: moneyKeys.refunds }),
      queryClient.invalidateQueries({ queryKey: buyingKeys.orders }),
      queryClient.invalidateQueries({ queryKey: buyingKeys.wallet }),
      queryClient.invalidateQueries({ queryKey: moneyKeys.disputes }),
    ]);
}

export interface RefundInput {
  order_id: string;
  kind: RefundKind;
  amount_minor: number;
  reason: string;
  note?: string;
}

export function useRequestRefund() {
  const changed = useRefundsChanged();
  return useKeyedMutation(
    (input: RefundInput, key) =>
      apiRequest<{ refund: Refund }>('/refunds', { method: 'POST', body: input, idempotencyKey: key }).then((a) => a.refund),
    changed,
  );
}

export type RefundAction = 'accept' | 'decline' | 'ship-return' | 'confirm-return' | 'withdraw';

export function useRefundAction() {
  const changed = useRefundsChanged();
  return useKeyedMutation(
    ({ refundId, action, body }: { refundId: string; action: RefundAction; body?: Record<string, string> }, key) =>
      apiRequest<unknown>(`/refunds/${enc(refundId)}/${action}`, { method: 'POST', body: body ?? {}, idempotencyKey: key }),
    changed,
  );
}

// Disputes

export function useDisputes(state: 'open' | undefined, enabled = true) {
  return useQuery({
    queryKey: moneyKeys.disputeList(state),
    queryFn: () => apiRequest<Page<Dispute>>('/disputes', { query: { state, limit: 50 } }),
    enabled,
    retry: retryUnlessMissing,
  });
}

export function useDispute(id: string | undefined) {
  return useQuery({
    queryKey: moneyKeys.dispute(id ?? ''),
    queryFn: () => apiRequest<DisputeDetail>(`/disputes/${enc(id ?? '')}`),
    enabled: Boolean(id),
    retry: retryUnlessMissing,
  });
}

export function useOpenDispute() {
  const changed = useRefundsChanged();
  return useKeyedMutation(
    (input: { refund_id: string; statement: string }, key) =>
      apiRequest<{ dispute: Dispute }>('/disputes', { method: 'POST', body: input, idempotencyKey: key }).then((a) => a.dispute),
    changed,
  );
}

export function useDisputeMessage(disputeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string; image_ids?: string[] }) =>
      apiRequest<unknown>(`/disputes/${enc(disputeId)}/messages`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: moneyKeys.dispute(disputeId) }),
  });
}

export function useDecideDispute(disputeId: string) {
  const changed = useRefundsChanged();
  return useKeyedMutation(
    (input: { outcome: DisputeOutcome; amount_minor?: number; note: string }, key) =>
      apiRequest<unknown>(`/disputes/${enc(disputeId)}/decide`, { method: 'POST', body: input, idempotencyKey: key }),
    changed,
  );
}

/** Evidence photos are private to the dispute's parties: uploaded here first, then named by a message. */
export function uploadEvidence(disputeId: string, file: Blob): Promise<{ id: string }> {
  return apiUpload<{ image: { id: string } }>(`/disputes/${enc(disputeId)}/evidence`, file).then((answer) => answer.image);
}

/** The address of an evidence photo (served only to the dispute's parties and operators). */
export function evidenceUrl(disputeId: string, imageId: string): string {
  return apiUrl(`/disputes/${enc(disputeId)}/evidence/${enc(imageId)}`);
}

export function useWithdrawDispute(disputeId: string) {
  const changed = useRefundsChanged();
  return useMutation({
    mutationFn: () => apiRequest<unknown>(`/disputes/${enc(disputeId)}/withdraw`, { method: 'POST', body: {} }),
    onSuccess: changed,
  });
}
