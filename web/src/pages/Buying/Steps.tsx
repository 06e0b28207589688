import { useTranslation } from 'react-i18next';

/** Where the buyer is in checkout: confirm → pay → done. */
export function Steps({ current }: { current: 0 | 1 | 2 }) {
  const { t } = useTranslation();
  const names = [t('checkout.stepOrder'), t('checkout.stepPay'), t('checkout.stepDone')];
  return (
    <ol className="steps" aria-label={t('checkout.steps')}>
      {names.map((name, index) => (
        <li
          key={name}
          className={`steps__step${index < current ? ' steps__step--done' : ''}${index === current ? ' steps__step--current' : ''}`}
          aria-current={index === current ? 'step' : undefined}
        >
          <span className="steps__dot" aria-hidden="true">
            {index < current ? '✓' : index + 1}
          </span>
          <span>{name}</span>
        </li>
      ))}
    </ol>
  );
}
