import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../api/accounts.js';
import type { Dispute, DisputeDetail, Refund } from '../../api/buying-types.js';
import { isApiError } from '../../api/client.js';
import { useDispute, useWithdrawDispute } from '../../api/money.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { FormAlert, LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { errorMessage } from '../../i18n/index.js';
import { formatDateTime } from '../Account/format.js';
import { NotFound } from '../NotFound/NotFound.js';
import { ConfirmButton } from './Confirm.js';
import { DecideForm } from './DecideForm.js';
import { MessageComposer, MessageList } from './DisputeMessages.js';
import { shortId } from './format.js';
import './Buying.css';

export function DisputeStateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  const tone = state === 'open' ? 'badge--danger' : state === 'decided' ? 'badge--success' : 'badge--muted';
  return <span className={`badge ${tone}`}>{t(`disputes.state.${state as 'open'}`, { defaultValue: state })}</span>;
}

function Summary({ dispute, refund }: { dispute: Dispute; refund: Refund | undefined }) {
  const { t, i18n } = useTranslation();
  const { money } = useMoney();
  return (
    <section className="card order-status">
      <div className="order-status__head">
        <DisputeStateBadge state={dispute.state} />
        <span className="card__hint">{formatDateTime(dispute.created_at, i18n.language)}</span>
      </div>
      {dispute.outcome ? (
        <div className="alert alert--success" data-testid="dispute-outcome">
          <span>
            <strong>{t('disputes.decided')}：</strong>
            {t(`disputes.outcomes.${dispute.outcome}`)}
            {dispute.refund_amount_minor ? ` · ${money(dispute.refund_amount_minor, dispute.currency)}` : ''}
          </span>
          {dispute.decided_note ? <span>{dispute.decided_note}</span> : null}
        </div>
      ) : null}
      {refund ? (
        <p className="facts__money">{t('disputes.refundRequested', { amount: money(refund.amount_minor, refund.currency) })}</p>
      ) : null}
      <h2 className="card__title">{t('disputes.statement')}</h2>
      <p className="statement">{dispute.statement}</p>
      <p className="card__hint">
        <Link to={`/refunds/${dispute.refund_id}`}>{t('refunds.title')}</Link> ·{' '}
        <Link to={`/orders/${dispute.order_id}`}>
          {t('refunds.order')} {shortId(dispute.order_id)}
        </Link>
      </p>
    </section>
  );
}

function WithdrawDispute({ disputeId }: { disputeId: string }) {
  const { t } = useTranslation();
  const withdraw = useWithdrawDispute(disputeId);
  return (
    <section className="card order-actions">
      <FormAlert message={withdraw.error ? errorMessage(t, withdraw.error) : undefined} />
      <div className="order-actions__buttons">
        <ConfirmButton
          label={t('disputes.withdraw')}
          question={t('disputes.withdrawQuestion')}
          busy={withdraw.isPending}
          onConfirm={() => withdraw.mutate()}
        />
      </div>
    </section>
  );
}

function DisputeView({ detail }: { detail: DisputeDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const { dispute } = detail;
  const actions = detail.actions ?? [];
  const canDecide = actions.includes('decide');
  const canWrite = actions.includes('message');
  return (
    <div className={`order-view${canDecide ? '' : ' order-view--single'}`}>
      <div className="order-view__main">
        <Summary dispute={dispute} refund={detail.refund} />
        <section className="card" aria-labelledby="messages-title">
          <h2 id="messages-title" className="card__title card__title--spaced">
            {t('disputes.messages')}
          </h2>
          <MessageList disputeId={dispute.id} messages={detail.messages ?? []} myId={me.data?.id} />
          {canWrite ? <MessageComposer disputeId={dispute.id} /> : null}
        </section>
        {actions.includes('withdraw') ? <WithdrawDispute disputeId={dispute.id} /> : null}
      </div>
      {canDecide ? (
        <div className="order-view__side">
          <DecideForm dispute={dispute} />
        </div>
      ) : null}
    </div>
  );
}

function Content() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const dispute = useDispute(id);
  usePageTitle(t('disputes.title'));
  if (dispute.isPending) return <PageLoading />;
  if (dispute.isError) {
    if (isApiError(dispute.error) && dispute.error.status === 404) return <NotFound />;
    return <LoadError error={dispute.error} onRetry={() => void dispute.refetch()} />;
  }
  const back =
    me.data?.role === 'operator'
      ? { to: '/operator/disputes', label: t('disputes.consoleTitle') }
      : { to: `/refunds/${dispute.data.dispute.refund_id}`, label: t('refunds.title') };
  return (
    <div className="buying-page buying-page--wide">
      <header className="page-header">
        <Link to={back.to} className="back-link">
          ‹ {back.label}
        </Link>
        <h1>{t('disputes.title')}</h1>
      </header>
      <DisputeView detail={dispute.data} />
    </div>
  );
}

export function DisputePage() {
  return (
    <RequireAuth>
      <Content />
    </RequireAuth>
  );
}
