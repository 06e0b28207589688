import { useTranslation } from 'react-i18next';
import type { Balance } from '../../api/buying-types.js';
import { useWalletHistory } from '../../api/money.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { formatDateTime } from '../Account/format.js';

const KINDS = new Set([
  'top_up',
  'order_payment',
  'escrow_release',
  'hold_release',
  'refund',
  'payout',
  'payout_paid',
  'payout_returned',
  'unpayable_order_credit',
  'transfer',
]);

/** The balance of one kind of account in a currency (0 when the account was never used). */
export function balanceOf(balances: readonly Balance[], kind: string, currency: string): number {
  return balances.find((row) => row.kind === kind && row.currency === currency)?.balance_minor ?? 0;
}

/** The currencies an owner has accounts in; a new user has none yet, so CNY is shown. */
export function currenciesOf(balances: readonly Balance[]): string[] {
  const currencies = [...new Set(balances.map((row) => row.currency))];
  return currencies.length > 0 ? currencies : ['CNY'];
}

/** An account's postings, newest first: what moved the money, when, and by how much. */
export function WalletHistory({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const { money } = useMoney();
  const history = useWalletHistory(accountId);
  if (history.isPending) return <PageLoading />;
  if (history.isError) return <LoadError error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.length === 0) return <p className="card__hint">{t('wallet.noHistory')}</p>;
  return (
    <ul className="postings" data-testid="wallet-history">
      {history.data.map((row) => (
        <li key={`${row.entry_id}-${row.amount_minor}`} className="posting">
          <span className="posting__text">
            <span className="posting__kind">{KINDS.has(row.kind) ? t(`wallet.kinds.${row.kind as 'top_up'}`) : row.kind}</span>
            <span className="posting__when">{formatDateTime(row.created_at, i18n.language)}</span>
          </span>
          <span className={`posting__amount${row.amount_minor > 0 ? ' posting__amount--in' : ''}`}>
            {row.amount_minor > 0 ? '+' : '−'}
            {money(Math.abs(row.amount_minor), row.currency)}
          </span>
        </li>
      ))}
    </ul>
  );
}
