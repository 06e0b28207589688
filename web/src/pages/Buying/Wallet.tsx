import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Wallet } from '../../api/buying-types.js';
import { useWallet } from '../../api/money.js';
import { RequireAuth } from '../../components/RequireAuth.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { useMoney } from '../../components/useMoney.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { TopUpForm } from './TopUpForm.js';
import { balanceOf, currenciesOf, WalletHistory } from './WalletHistory.js';
import './Buying.css';

function BuyerBalance({ wallet }: { wallet: Wallet }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  const [topping, setTopping] = useState(false);
  const currencies = currenciesOf(wallet.balances.filter((row) => row.kind === 'buyer_wallet'));
  const currency = currencies[0] ?? 'CNY';
  const account = wallet.balances.find((row) => row.kind === 'buyer_wallet' && row.currency === currency);
  return (
    <>
      <section className="card balance-card" aria-labelledby="balance-title">
        <h2 id="balance-title" className="balance-card__label">
          {t('wallet.balance')}
        </h2>
        {currencies.map((code) => (
          <p key={code} className="balance-card__amount" data-testid="wallet-balance">
            {money(balanceOf(wallet.balances, 'buyer_wallet', code), code)}
          </p>
        ))}
        <p className="card__hint">{t('wallet.balanceHint')}</p>
        {topping ? null : (
          <button
            type="button"
            className="btn btn--primary balance-card__action"
            onClick={() => setTopping(true)}
            data-testid="top-up-open"
          >
            {t('wallet.topUp')}
          </button>
        )}
      </section>
      {topping ? (
        <section className="card" aria-labelledby="top-up-title">
          <h2 id="top-up-title" className="card__title card__title--spaced">
            {t('wallet.topUpTitle')}
          </h2>
          <TopUpForm currency={currency} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="wallet-history-title">
        <h2 id="wallet-history-title" className="card__title card__title--spaced">
          {t('wallet.history')}
        </h2>
        {account ? <WalletHistory accountId={account.id} /> : <p className="card__hint">{t('wallet.noHistory')}</p>}
      </section>
    </>
  );
}

/** Each store the user owns: what is held after sales and what can be withdrawn. */
export function StoreBalances({ store, link }: { store: Wallet['stores'][number]; link: boolean }) {
  const { t } = useTranslation();
  const { money } = useMoney();
  return (
    <section className="card store-balance" aria-label={store.name} data-testid="store-balance">
      <div className="store-balance__head">
        <h3>{store.name}</h3>
        {link ? (
          <Link to={`/seller/${store.id}/wallet`} className="btn btn--secondary btn--small">
            {t('wallet.storeDetails')}
          </Link>
        ) : null}
      </div>
      {currenciesOf(store.balances).map((currency) => (
        <dl key={currency} className="balance-pair">
          <div>
            <dt>{t('wallet.held')}</dt>
            <dd data-testid="held-balance">{money(balanceOf(store.balances, 'seller_held', currency), currency)}</dd>
          </div>
          <div>
            <dt>{t('wallet.available')}</dt>
            <dd data-testid="available-balance">{money(balanceOf(store.balances, 'seller_available', currency), currency)}</dd>
          </div>
        </dl>
      ))}
      <p className="card__hint">{t('wallet.heldHint')}</p>
    </section>
  );
}

function WalletContent() {
  const { t } = useTranslation();
  const wallet = useWallet();
  usePageTitle(t('wallet.title'));
  return (
    <div className="buying-page">
      <h1>{t('wallet.title')}</h1>
      {wallet.isPending ? <PageLoading /> : null}
      {wallet.isError ? <LoadError error={wallet.error} onRetry={() => void wallet.refetch()} /> : null}
      {wallet.data ? <BuyerBalance wallet={wallet.data} /> : null}
      {wallet.data && wallet.data.stores.length > 0 ? (
        <>
          <h2 className="section-heading">{t('wallet.stores')}</h2>
          {wallet.data.stores.map((store) => (
            <StoreBalances key={store.id} store={store} link />
          ))}
        </>
      ) : null}
    </div>
  );
}

export function WalletPage() {
  return (
    <RequireAuth>
      <WalletContent />
    </RequireAuth>
  );
}
