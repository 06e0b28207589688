import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { type Suggestion, useSuggestions } from '../../api/search.js';
import { MAX_QUERY_LENGTH, searchHref } from '../../lib/search.js';
import './SearchBox.css';

/** How long typing must pause before the server is asked for suggestions. */
const SUGGEST_DELAY_MS = 150;

export function SearchIcon({ size = 20 }: { size?: number }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
    >
      <circle cx="10.5" cy="10.5" r="6.5" />
      <path d="m15.5 15.5 5 5" />
    </svg>
  );
}

function CategoryIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinejoin="round"
    >
      <rect x="4" y="4" width="6.5" height="6.5" rx="1.5" />
      <rect x="13.5" y="4" width="6.5" height="6.5" rx="1.5" />
      <rect x="4" y="13.5" width="6.5" height="6.5" rx="1.5" />
      <rect x="13.5" y="13.5" width="6.5" height="6.5" rx="1.5" />
    </svg>
  );
}

/** A suggestion with the part that completes what was typed in bold, as text. */
function SuggestionText({ text, typed }: { text: string; typed: string }) {
  if (typed && text.toLowerCase().startsWith(typed.toLowerCase()) && text.length > typed.length) {
    return (
      <span className="search-box__text">
        {text.slice(0, typed.length)}
        <strong>{text.slice(typed.length)}</strong>
      </span>
    );
  }
  return <span className="search-box__text">{text}</span>;
}

/**
 * The search box in the top bar: suggestions appear as the buyer types (once typing pauses,
 * and not while a Chinese input method is still composing), up/down/enter or a tap picks
 * one, and submitting opens /search?q=…. On /search it shows the words being searched.
 */
export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [searchParams] = useSearchParams();
  const shownQuery = pathname === '/search' ? (searchParams.get('q') ?? '') : '';
  const [text, setText] = useState(shownQuery);
  const [settled, setSettled] = useState('');
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(-1);
  const [composing, setComposing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  // The box shows what the page shows: the words searched on /search, nothing elsewhere.
  useEffect(() => {
    setText(shownQuery);
    setDismissed(true);
  }, [shownQuery]);

  useEffect(() => {
    if (composing) return;
    const timer = setTimeout(() => setSettled(text.trim()), SUGGEST_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, composing]);

  const suggestions = useSuggestions(settled);
  const items = text.trim() && settled ? (suggestions.data ?? []) : [];
  const expanded = focused && !dismissed && items.length > 0;

  // A new list starts with nothing picked.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the list changes, which the effect itself does not read
  useEffect(() => setActive(-1), [suggestions.data]);

  function go(href: string) {
    setDismissed(true);
    setActive(-1);
    input.current?.blur(); // closes the phone's keyboard so the results show
    void navigate(href);
  }

  function choose(suggestion: Suggestion) {
    if (suggestion.kind === 'category' && suggestion.category_id) go(searchHref({ category: suggestion.category_id }));
    else go(searchHref({ q: suggestion.text }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const q = text.trim();
    if (!q) {
      input.current?.focus();
      return;
    }
    go(searchHref({ q }));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter that confirms a Chinese input method's candidate is not a search.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (items.length === 0) return;
      event.preventDefault();
      setDismissed(false);
      const down = event.key === 'ArrowDown';
      setActive((current) => {
        if (!expanded) return down ? 0 : items.length - 1;
        if (down) return current + 1 >= items.length ? -1 : current + 1;
        return current <= -1 ? items.length - 1 : current - 1;
      });
    } else if (event.key === 'Escape') {
      if (expanded) {
        event.preventDefault();
        setDismissed(true);
        setActive(-1);
      }
    } else if (event.key === 'Enter') {
      const picked = expanded ? items[active] : undefined;
      if (picked) {
        event.preventDefault();
        choose(picked);
      }
    }
  }

  const optionId = (index: number) => `${listId}-option-${index}`;
  return (
    <search className="search-box">
      <form action="/search" onSubmit={submit}>
        <div className="search-box__field">
          <span className="search-box__icon">
            <SearchIcon size={18} />
          </span>
          <input
            ref={input}
            className="search-box__input"
            type="search"
            name="q"
            role="combobox"
            aria-label={t('search.label')}
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
            placeholder={t('search.placeholder')}
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            spellCheck={false}
            enterKeyHint="search"
            maxLength={MAX_QUERY_LENGTH}
            value={text}
            data-testid="search-input"
            onChange={(event) => {
              setText(event.target.value);
              setDismissed(false);
            }}
            onFocus={() => {
              setFocused(true);
              setDismissed(false);
            }}
            onBlur={() => setFocused(false)}
            onKeyDown={onKeyDown}
            onCompositionStart={() => setComposing(true)}
            onCompositionEnd={() => setComposing(false)}
          />
          {text ? (
            <button
              type="button"
              className="search-box__clear"
              aria-label={t('search.clear')}
              // Keeps the keyboard up: the buyer clears to type again.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                setText('');
                input.current?.focus();
              }}
            >
              <svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18" fill="currentColor">
                <path d="M10 1.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17zm3.5 10.9-1.1 1.1L10 11.1l-2.4 2.4-1.1-1.1L8.9 10 6.5 7.6l1.1-1.1L10 8.9l2.4-2.4 1.1 1.1L11.1 10z" />
              </svg>
            </button>
          ) : null}
          <button type="submit" className="search-box__submit">
            {t('search.submit')}
          </button>
        </div>
        <div
          id={listId}
          role="listbox"
          className="search-box__list"
          aria-label={t('search.suggestions')}
          hidden={!expanded}
          // A tap on a suggestion must not blur the input (that would close the list before the click lands).
          onMouseDown={(event) => event.preventDefault()}
        >
          {items.map((suggestion, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard drives the list from the input (aria-activedescendant)
            <div
              key={`${suggestion.kind}:${suggestion.category_id ?? ''}:${suggestion.text}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              tabIndex={-1}
              className={`search-box__option${index === active ? ' search-box__option--active' : ''}`}
              data-testid="search-suggestion"
              onClick={() => choose(suggestion)}
              onMouseMove={() => setActive(index)}
            >
              <span className="search-box__option-icon">
                {suggestion.kind === 'category' ? <CategoryIcon /> : <SearchIcon size={16} />}
              </span>
              <SuggestionText text={suggestion.text} typed={text.trim()} />
              {suggestion.kind === 'category' ? <span className="search-box__kind">{t('search.categorySuggestion')}</span> : null}
            </div>
          ))}
        </div>
      </form>
    </search>
  );
}
