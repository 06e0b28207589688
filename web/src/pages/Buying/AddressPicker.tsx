import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddresses } from '../../api/buying.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { AddressForm, addressLines } from './AddressForm.js';

/** The delivery address: one of the address book's (the default first chosen), or a new one. */
export function AddressPicker({ value, onChange }: { value: string | undefined; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const addresses = useAddresses();
  const [adding, setAdding] = useState(false);
  const list = addresses.data ?? [];
  const fallback = list.find((address) => address.is_default)?.id ?? list[0]?.id;

  useEffect(() => {
    if (!value && fallback) onChange(fallback);
  }, [value, fallback, onChange]);

  if (addresses.isPending) return <PageLoading />;
  if (addresses.isError) return <LoadError error={addresses.error} onRetry={() => void addresses.refetch()} />;
  const saved = (id: string) => {
    setAdding(false);
    onChange(id);
  };
  if (list.length === 0) {
    return (
      <>
        <p className="card__hint">{t('address.none')}</p>
        <AddressForm onSaved={(address) => saved(address.id)} />
      </>
    );
  }
  return (
    <>
      <fieldset className="address-options">
        <legend className="visually-hidden">{t('address.choose')}</legend>
        {list.map((address) => (
          <label key={address.id} className={`address-option${value === address.id ? ' address-option--checked' : ''}`}>
            <input type="radio" name="address" checked={value === address.id} onChange={() => onChange(address.id)} />
            <span className="address-option__text">
              <span className="address-option__who">
                {address.recipient} <span className="address-option__phone">{address.phone}</span>
                {address.is_default ? <span className="badge badge--accent">{t('address.default')}</span> : null}
              </span>
              <span className="address-option__where">{addressLines(address)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {adding ? (
        <AddressForm onSaved={(address) => saved(address.id)} onCancel={() => setAdding(false)} />
      ) : (
        <button type="button" className="btn btn--secondary btn--small add-address" onClick={() => setAdding(true)}>
          + {t('address.add')}
        </button>
      )}
    </>
  );
}
