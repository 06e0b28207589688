/** The reasons a buyer picks from; sent as these codes and shown translated (any other text is shown as it is). */
export const REFUND_REASONS = ['changed_mind', 'wrong_item', 'not_received', 'damaged', 'not_as_described', 'other'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export function isRefundReason(value: string): value is RefundReason {
  return (REFUND_REASONS as readonly string[]).includes(value);
}

/** The action that asks the platform to step in, by whatever name the API gives it. */
export const DISPUTE_ACTIONS = new Set(['dispute', 'escalate', 'open-dispute']);
