import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { usePayouts, useWallet } from '../../api/money.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formatDateTime } from '../Account/format.js';
import { StoreBalances } from '../Buying/Wallet.js';
import { balanceOf, currenciesOf, WalletHistory } from '../Buying/WalletHistory.js';
import { useSellerStore } from './context.js';
import { PayoutForm } from './PayoutForm.js';
import '../Buying/Buying.css';

function Payouts({ storeId }: { storeId: string }) {
  const { t, i18n } = useTranslation();
  const { money } = useMoney();
  const payouts = usePayouts(storeId);
  if (payouts.isPending) return <PageLoading />;
  if (payouts.isError) {
    if (isApiError(payouts.error) && payouts.error.status === 404) return <p className="card__hint">{t('payouts.notAvailable')}</p>;
    return <LoadError error={payouts.error} onRetry={() => void payouts.refetch()} />;
  }
  if (payouts.data.length === 0) return <p className="card__hint">{t('payouts.none')}</p>;
  return (
    <ul className="postings">
      {payouts.data.map((payout) => (
        <li key={payout.id} className="posting">
          <span className="posting__text">
            <span className="posting__kind">
              {t(`payouts.state.${payout.state}`)} · {t('payouts.toAccount', { last4: payout.account_last4 })}
            </span>
            <span className="posting__when">
              {formatDateTime(payout.created_at, i18n.language)}
              {payout.failure_reason ? ` · ${payout.failure_reason}` : ''}
            </span>
          </span>
          <span className="posting__amount">{money(payout.amount_minor, payout.currency)}</span>
        </li>
      ))}
    </ul>
  );
}

/** The store's money: held and available balances, withdrawals, and each account's history. */
export function SellerWallet() {
  const { t } = useTranslation();
  const { store, role } = useSellerStore();
  const wallet = useWallet(role === 'owner');
  const [account, setAccount] = useState<'seller_held' | 'seller_available'>('seller_held');
  usePageTitle(`${t('buyingNav.sellerWallet')} · ${store.name}`);
  if (role !== 'owner') return <div className="alert alert--info">{t('payouts.ownerOnly')}</div>;
  if (wallet.isPending) return <PageLoading />;
  if (wallet.isError) return <LoadError error={wallet.error} onRetry={() => void wallet.refetch()} />;
  const mine = wallet.data.stores.find((candidate) => candidate.id === store.id) ?? { id: store.id, name: store.name, balances: [] };
  const currency = currenciesOf(mine.balances)[0] ?? store.currency;
  const accountId = mine.balances.find((row) => row.kind === account && row.currency === currency)?.id;
  return (
    <div className="seller-page">
      <header className="seller-page__header">
        <h1>{t('buyingNav.sellerWallet')}</h1>
      </header>
      <StoreBalances store={mine} link={false} />
      <PayoutForm storeId={store.id} currency={currency} available={balanceOf(mine.balances, 'seller_available', currency)} />
      <section className="card" aria-labelledby="payouts-title">
        <h2 id="payouts-title" className="card__title card__title--spaced">
          {t('payouts.list')}
        </h2>
        <Payouts storeId={store.id} />
      </section>
      <section className="card" aria-labelledby="store-history-title">
        <h2 id="store-history-title" className="card__title card__title--spaced">
          {t('wallet.history')}
        </h2>
        <fieldset className="segmented history-switch">
          <legend className="visually-hidden">{t('wallet.history')}</legend>
          {(['seller_held', 'seller_available'] as const).map((kind) => (
            <label key={kind} className={`segmented__option${account === kind ? ' segmented__option--checked' : ''}`}>
              <input type="radio" name="account" checked={account === kind} onChange={() => setAccount(kind)} />
              <span>{kind === 'seller_held' ? t('wallet.held') : t('wallet.available')}</span>
            </label>
          ))}
        </fieldset>
        {accountId ? <WalletHistory accountId={accountId} /> : <p className="card__hint">{t('wallet.noHistory')}</p>}
      </section>
    </div>
  );
}
