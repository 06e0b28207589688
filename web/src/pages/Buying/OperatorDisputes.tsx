import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../api/accounts.js';
import { isApiError } from '../../api/client.js';
import { useDisputes } from '../../api/money.js';
import { EmptyState } from '../../components/ProductGrid/ProductGrid.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formatDateTime } from '../Account/format.js';
import { DisputeStateBadge } from './DisputePage.js';
import { shortId } from './format.js';
import { StoreName } from './StoreName.js';
import './Buying.css';

function Console() {
  const { t, i18n } = useTranslation();
  const { money } = useMoney();
  const [params] = useSearchParams();
  const state = params.get('state') === 'all' ? undefined : 'open';
  const disputes = useDisputes(state);
  const rows = disputes.data?.data ?? [];
  const notYet = disputes.isError && isApiError(disputes.error) && disputes.error.status === 404;
  return (
    <>
      <nav className="chips state-tabs" aria-label={t('orders.filter')}>
        <Link to="?" replace className="chip" aria-current={state === 'open' ? 'page' : undefined}>
          {t('disputes.open')}
        </Link>
        <Link to="?state=all" replace className="chip" aria-current={state === undefined ? 'page' : undefined}>
          {t('disputes.all')}
        </Link>
      </nav>
      {disputes.isPending ? <PageLoading /> : null}
      {disputes.isError && !notYet ? <LoadError error={disputes.error} onRetry={() => void disputes.refetch()} /> : null}
      {disputes.isSuccess && rows.length === 0 ? <EmptyState title={t('disputes.none')} text={t('disputes.noneText')} /> : null}
      {notYet ? <EmptyState title={t('disputes.none')} text={t('refunds.notAvailable')} /> : null}
      {rows.length > 0 ? (
        <ul className="order-cards">
          {rows.map((dispute) => (
            <li key={dispute.id}>
              <Link to={`/disputes/${dispute.id}`} className="order-card" data-testid="dispute-card">
                <span className="order-card__head">
                  <span className="order-card__store">
                    <StoreName storeId={dispute.store_id} />
                  </span>
                  <DisputeStateBadge state={dispute.state} />
                </span>
                <span className="order-card__text">
                  <span className="order-card__title">{dispute.statement}</span>
                  <span className="order-card__meta">
                    {t('refunds.order')} {shortId(dispute.order_id)} · {formatDateTime(dispute.created_at, i18n.language)}
                    {dispute.refund_amount_minor ? ` · ${money(dispute.refund_amount_minor, dispute.currency)}` : ''}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Content() {
  const { t } = useTranslation();
  const me = useMe();
  usePageTitle(t('disputes.consoleTitle'));
  return (
    <div className="buying-page">
      <header className="page-header">
        <h1>{t('disputes.consoleTitle')}</h1>
        <p className="card__hint">{t('disputes.consoleLead')}</p>
      </header>
      {me.data?.role === 'operator' ? <Console /> : <div className="alert alert--error">{t('disputes.onlyOperators')}</div>}
    </div>
  );
}

export function OperatorDisputes() {
  return (
    <RequireAuth>
      <Content />
    </RequireAuth>
  );
}
