import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOrderAction } from '../../api/buying.js';
import type { OrderAction, OrderDetail } from '../../api/buying-types.js';
import { FormAlert } from '../../components/Status.js';
import { errorMessage } from '../../i18n/index.js';
import { ConfirmButton } from './Confirm.js';
import { ShipForm } from './ShipForm.js';

/** Orders a buyer may ask a refund for: on their way or delivered (before shipping, cancel-and-refund is quicker). */
const REFUNDABLE = new Set(['shipped', 'delivered']);

const TONES: Partial<Record<OrderAction, 'primary' | 'secondary' | 'danger'>> = {
  'confirm-receipt': 'primary',
  cancel: 'danger',
  'cancel-and-refund': 'danger',
  deliver: 'secondary',
};

/** What the viewer can do with the order now: the API's `actions`, plus paying and asking for a refund. */
export function OrderActions({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const act = useOrderAction();
  const run = (action: OrderAction, body?: { carrier: string; tracking_number: string }) =>
    act.mutate({ orderId: order.id, action, ...(body ? { body } : {}) });
  const buttons = order.actions.filter((action) => action !== 'ship');
  const buyer = order.viewer === 'buyer';
  const payable = buyer && order.state === 'placed';
  const refundable = buyer && REFUNDABLE.has(order.state);
  if (buttons.length === 0 && !order.actions.includes('ship') && !payable && !refundable) return null;
  const shipError = act.variables?.action === 'ship' ? act.error : null;
  return (
    <section className="card order-actions" data-testid="order-actions">
      {act.error && !shipError ? <FormAlert message={errorMessage(t, act.error)} /> : null}
      {order.actions.includes('ship') ? (
        <ShipForm
          title={t('ship.title')}
          submitLabel={t('ship.submit')}
          busy={act.isPending}
          error={shipError}
          onSubmit={(shipment) => run('ship', shipment)}
        />
      ) : null}
      <div className="order-actions__buttons">
        {payable ? (
          <Link to={`/checkout/pay?orders=${order.id}`} className="btn btn--primary" data-testid="pay-now">
            {t('orders.payNow')}
          </Link>
        ) : null}
        {buttons.map((action) => (
          <ConfirmButton
            key={action}
            label={t(`orderActions.${action}`)}
            question={t(`orderActions.confirmTitle.${action as Exclude<OrderAction, 'ship'>}`)}
            busy={act.isPending}
            tone={TONES[action] ?? 'secondary'}
            onConfirm={() => run(action)}
            testId={`action-${action}`}
          />
        ))}
        {refundable ? (
          <Link to={`/orders/${order.id}/refund`} className="btn btn--secondary" data-testid="request-refund">
            {t('orders.requestRefund')}
          </Link>
        ) : null}
      </div>
    </section>
  );
}
