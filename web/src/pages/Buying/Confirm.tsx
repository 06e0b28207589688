import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A button that asks once more, inline, before doing something that cannot be undone. */
export function ConfirmButton({
  label,
  question,
  busy,
  tone = 'secondary',
  onConfirm,
  testId,
}: {
  label: string;
  question: string;
  busy: boolean;
  tone?: 'primary' | 'secondary' | 'danger';
  onConfirm: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={`btn btn--${tone}`} disabled={busy} onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <div className="confirm">
      <p className="confirm__question">{question}</p>
      <div className="form-buttons">
        <button
          type="button"
          className={`btn ${tone === 'danger' ? 'btn--danger-solid' : 'btn--primary'}`}
          disabled={busy}
          onClick={() => {
            onConfirm();
            setAsking(false);
          }}
          data-testid={testId ? `${testId}-confirm` : undefined}
        >
          {t('orderActions.confirm')}
        </button>
        <button type="button" className="btn btn--secondary" onClick={() => setAsking(false)}>
          {t('orderActions.keep')}
        </button>
      </div>
    </div>
  );
}
