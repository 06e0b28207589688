import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Refund } from '../../api/buying-types.js';
import { type RefundAction, useOpenDispute, useRefundAction } from '../../api/money.js';
import { TextAreaField } from '../../components/Field.js';
import { FormAlert } from '../../components/Status.js';
import { errorMessage } from '../../i18n/index.js';
import { ConfirmButton } from './Confirm.js';
import { DISPUTE_ACTIONS } from './refunds.js';
import { ShipForm } from './ShipForm.js';

function TextForm({
  label,
  hint,
  submit,
  busy,
  testId,
  danger = false,
  onSubmit,
  onCancel,
}: {
  label: string;
  hint?: string;
  submit: string;
  busy: boolean;
  testId: string;
  danger?: boolean;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return setError(t('validation.required'));
    setError(undefined);
    onSubmit(text.trim());
  };
  return (
    <form className="form" onSubmit={send} noValidate data-testid={testId}>
      <TextAreaField
        label={label}
        name={testId}
        hint={hint}
        maxLength={1000}
        rows={3}
        value={text}
        onChange={(event) => setText(event.target.value)}
        error={error}
      />
      <div className="form-buttons">
        <button type="submit" className={`btn ${danger ? 'btn--danger-solid' : 'btn--primary'}`} disabled={busy}>
          {submit}
        </button>
        <button type="button" className="btn btn--secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The refund's next steps for the viewer: the API's `actions`, and asking the platform to step in. */
export function RefundActions({ refund, actions, isBuyer }: { refund: Refund; actions: readonly string[]; isBuyer: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const act = useRefundAction();
  const dispute = useOpenDispute();
  const [open, setOpen] = useState<'decline' | 'dispute' | undefined>();
  const run = (action: RefundAction, body?: Record<string, string>) =>
    act.mutate({ refundId: refund.id, action, ...(body ? { body } : {}) }, { onSuccess: () => setOpen(undefined) });
  const canDispute =
    actions.some((action) => DISPUTE_ACTIONS.has(action)) || (isBuyer && refund.state === 'declined' && !refund.dispute_id);
  const has = (action: RefundAction) => actions.includes(action);
  if (!canDispute && !['accept', 'decline', 'ship-return', 'confirm-return', 'withdraw'].some((action) => actions.includes(action)))
    return null;
  const error = act.error ?? dispute.error;
  return (
    <section className="card order-actions" data-testid="refund-actions">
      <FormAlert message={error ? errorMessage(t, error) : undefined} />
      {open === undefined ? (
        <div className="order-actions__buttons">
          {has('accept') ? (
            <ConfirmButton
              label={t('refunds.actions.accept')}
              question={t('refunds.acceptQuestion')}
              busy={act.isPending}
              tone="primary"
              onConfirm={() => run('accept')}
              testId="refund-accept"
            />
          ) : null}
          {has('confirm-return') ? (
            <ConfirmButton
              label={t('refunds.actions.confirm-return')}
              question={t('refunds.confirmReturnQuestion')}
              busy={act.isPending}
              tone="primary"
              onConfirm={() => run('confirm-return')}
              testId="refund-confirm-return"
            />
          ) : null}
          {has('decline') ? (
            <button type="button" className="btn btn--danger" onClick={() => setOpen('decline')}>
              {t('refunds.actions.decline')}
            </button>
          ) : null}
          {canDispute ? (
            <button type="button" className="btn btn--primary" onClick={() => setOpen('dispute')} data-testid="open-dispute">
              {t('refunds.actions.dispute')}
            </button>
          ) : null}
          {has('withdraw') ? (
            <ConfirmButton
              label={t('refunds.actions.withdraw')}
              question={t('refunds.withdrawQuestion')}
              busy={act.isPending}
              onConfirm={() => run('withdraw')}
            />
          ) : null}
        </div>
      ) : null}
      {open === 'decline' ? (
        <TextForm
          label={t('refunds.declineReason')}
          submit={t('refunds.declineSubmit')}
          busy={act.isPending}
          testId="decline-form"
          danger
          onSubmit={(reason) => run('decline', { reason })}
          onCancel={() => setOpen(undefined)}
        />
      ) : null}
      {has('ship-return') ? (
        <ShipForm
          title={t('refunds.actions.ship-return')}
          submitLabel={t('refunds.shipReturnSubmit')}
          busy={act.isPending}
          error={null}
          onSubmit={(shipment) => run('ship-return', shipment)}
        />
      ) : null}
      {open === 'dispute' ? (
        <TextForm
          label={t('refunds.statement')}
          hint={t('refunds.statementHint')}
          submit={t('refunds.disputeSubmit')}
          busy={dispute.isPending}
          testId="dispute-form"
          onCancel={() => setOpen(undefined)}
          onSubmit={(statement) =>
            dispute.mutate({ refund_id: refund.id, statement }, { onSuccess: (opened) => navigate(`/disputes/${opened.id}`) })
          }
        />
      ) : null}
    </section>
  );
}
