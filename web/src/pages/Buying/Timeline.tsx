import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../Account/format.js';

export interface TimelineRow {
  key: string;
  title: string;
  actor: string;
  at: string;
  note?: string | null | undefined;
}

/** A lifecycle's history, newest first: what happened, who did it, when, and their note. */
export function Timeline({ rows, label }: { rows: readonly TimelineRow[]; label: string }) {
  const { t, i18n } = useTranslation();
  const known = (actor: string): actor is 'buyer' | 'seller' | 'operator' | 'system' =>
    actor === 'buyer' || actor === 'seller' || actor === 'operator' || actor === 'system';
  return (
    <ol className="timeline" aria-label={label} data-testid="timeline">
      {[...rows].reverse().map((row, index) => (
        <li key={row.key} className={`timeline__row${index === 0 ? ' timeline__row--latest' : ''}`}>
          <span className="timeline__dot" aria-hidden="true" />
          <span className="timeline__title">{row.title}</span>
          <span className="timeline__meta">
            {known(row.actor) ? t(`actors.${row.actor}`) : row.actor} · {formatDateTime(row.at, i18n.language)}
          </span>
          {row.note ? <span className="timeline__note">{row.note}</span> : null}
        </li>
      ))}
    </ol>
  );
}
