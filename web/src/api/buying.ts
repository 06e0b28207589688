import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { ActionKey } from '../lib/idempotency.js';
import type {
  Address,
  AddressInput,
  CardInput,
  Cart,
  CheckoutAnswer,
  Order,
  OrderAction,
  OrderDetail,
  OrderState,
  Payment,
  ShippingRule,
} from './buying-types.js';
import { apiRequest, retryUnlessMissing } from './client.js';
import type { Page } from './types.js';

const enc = encodeURIComponent;

export const buyingKeys = {
  cart: ['cart'] as const,
  addresses: ['addresses'] as const,
  orders: ['orders'] as const,
  list: (filter: OrderFilter) => ['orders', 'list', filter] as const,
  order: (id: string) => ['orders', 'one', id] as const,
  payment: (id: string) => ['payment', id] as const,
  shippingRule: (storeId: string) => ['shipping-rule', storeId] as const,
  wallet: ['wallet'] as const,
};

/**
 * A mutation whose request carries an Idempotency-Key: one key per action (path and body),
 * kept when the outcome is unknown so a retry cannot do the thing twice.
 */
export function useKeyedMutation<Variables, Result>(
  send: (variables: Variables, key: string) => Promise<Result>,
  onSuccess?: (result: Result, variables: Variables) => unknown,
) {
  const keys = useRef(new ActionKey());
  return useMutation({
    mutationFn: (variables: Variables) => send(variables, keys.current.for(variables)),
    onSettled: (_result, error) => keys.current.settle(error),
    ...(onSuccess ? { onSuccess } : {}),
  });
}

// Cart

export function useCart(enabled = true) {
  return useQuery({ queryKey: buyingKeys.cart, queryFn: () => apiRequest<Cart>('/cart'), enabled, retry: retryUnlessMissing });
}

/** How many pieces are in the cart, for the badge on the cart link. */
export function cartCount(cart: Cart | undefined): number {
  return (cart?.stores ?? []).reduce((total, group) => total + group.lines.reduce((sum, line) => sum + line.quantity, 0), 0);
}

function useCartChanged() {
  const queryClient = useQueryClient();
  return (cart: Cart | undefined) => {
    if (cart) queryClient.setQueryData(buyingKeys.cart, cart);
    else void queryClient.invalidateQueries({ queryKey: buyingKeys.cart });
  };
}

export function useAddToCart() {
  const changed = useCartChanged();
  return useMutation({
    mutationFn: (input: { sku_id: string; quantity: number }) => apiRequest<Cart>('/cart/items', { method: 'POST', body: input }),
    onSuccess: changed,
  });
}

export function useUpdateCartLine() {
  const changed = useCartChanged();
  return useMutation({
    mutationFn: ({ sku_id, ...changes }: { sku_id: string; quantity?: number; selected?: boolean }) =>
      apiRequest<Cart>(`/cart/items/${enc(sku_id)}`, { method: 'PATCH', body: changes }),
    onSuccess: changed,
  });
}

export function useRemoveCartLine() {
  const changed = useCartChanged();
  return useMutation({
    mutationFn: (skuId: string) => apiRequest<Cart>(`/cart/items/${enc(skuId)}`, { method: 'DELETE' }),
    onSuccess: changed,
  });
}

// Addresses and shipping

export function useAddresses() {
  return useQuery({
    queryKey: buyingKeys.addresses,
    queryFn: () => apiRequest<{ data: Address[] }>('/addresses').then((answer) => answer.data),
  });
}

export function useAddAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AddressInput) => apiRequest<{ address: Address }>('/addresses', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: buyingKeys.addresses }),
  });
}

/** The shipping rules of several stores, by store id (a store whose rule is still loading is missing). */
export function useShippingRules(storeIds: readonly string[]): Map<string, ShippingRule> {
  const answers = useQueries({
    queries: storeIds.map((storeId) => ({
      queryKey: buyingKeys.shippingRule(storeId),
      queryFn: () =>
        apiRequest<{ shipping_rule: ShippingRule }>(`/stores/${enc(storeId)}/shipping-rule`).then((answer) => answer.shipping_rule),
      staleTime: 60_000,
      retry: retryUnlessMissing,
    })),
  });
  const rules = new Map<string, ShippingRule>();
  storeIds.forEach((storeId, index) => {
    const rule = answers[index]?.data;
    if (rule) rules.set(storeId, rule);
  });
  return rules;
}

// Checkout and payment

export interface CheckoutInput {
  address_id: string;
  items?: { sku_id: string; quantity: number; price_minor: number }[];
  note?: string;
}

export function useCheckout() {
  const queryClient = useQueryClient();
  return useKeyedMutation(
    (input: CheckoutInput, key) => apiRequest<CheckoutAnswer>('/checkout', { method: 'POST', body: input, idempotencyKey: key }),
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: buyingKeys.cart }),
        queryClient.invalidateQueries({ queryKey: buyingKeys.orders }),
      ]),
  );
}

export interface PayInput {
  order_ids: string[];
  method: 'wallet' | 'card';
  card?: CardInput;
}

export function usePay() {
  return useKeyedMutation((input: PayInput, key) =>
    apiRequest<{ payment: Payment }>('/payments', { method: 'POST', body: input, idempotencyKey: key }).then((answer) => answer.payment),
  );
}

/** A pending card payment, asked about every second until it settles. */
export function usePayment(id: string | undefined) {
  return useQuery({
    queryKey: buyingKeys.payment(id ?? ''),
    queryFn: () => apiRequest<{ payment: Payment }>(`/payments/${enc(id ?? '')}`).then((answer) => answer.payment),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.state === 'pending' || !query.state.data ? 1_000 : false),
  });
}

// Orders

export interface OrderFilter {
  store_id?: string | undefined;
  state?: OrderState | undefined;
}

export function useOrders(filter: OrderFilter, enabled = true) {
  return useQuery({
    queryKey: buyingKeys.list(filter),
    queryFn: () => apiRequest<Page<Order>>('/orders', { query: { ...filter, limit: 50 } }),
    enabled,
  });
}

export function useOrder(id: string | undefined) {
  return useQuery({
    queryKey: buyingKeys.order(id ?? ''),
    queryFn: () => apiRequest<{ order: OrderDetail }>(`/orders/${enc(id ?? '')}`).then((answer) => answer.order),
    enabled: Boolean(id),
    retry: retryUnlessMissing,
  });
}

export interface OrderActionInput {
  orderId: string;
  action: OrderAction;
  body?: { carrier: string; tracking_number: string } | { note: string };
}

export function useOrderAction() {
  const queryClient = useQueryClient();
  return useKeyedMutation(
    ({ orderId, action, body }: OrderActionInput, key) =>
      apiRequest<{ order: OrderDetail }>(`/orders/${enc(orderId)}/${action}`, {
        method: 'POST',
        body: body ?? {},
        idempotencyKey: key,
      }).then((answer) => answer.order),
    (order) => {
      queryClient.setQueryData(buyingKeys.order(order.id), order);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: buyingKeys.orders }),
        queryClient.invalidateQueries({ queryKey: buyingKeys.wallet }),
      ]);
    },
  );
}

/** Orders by id, for the payment step (which may be opened again from an order's page). */
export function useOrdersByIds(ids: readonly string[]) {
  return useQuery({
    queryKey: ['orders', 'ids', ids],
    queryFn: () => Promise.all(ids.map((id) => apiRequest<{ order: OrderDetail }>(`/orders/${enc(id)}`).then((answer) => answer.order))),
    enabled: ids.length > 0,
    retry: retryUnlessMissing,
  });
}

export type { Order };
