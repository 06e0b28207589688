import { type ChangeEvent, useId } from 'react';

interface ImagePickerProps {
  label: string;
  onPick: (files: File[]) => void;
  multiple?: boolean;
  disabled?: boolean;
  className?: string;
  testId?: string;
  /** Describes the picker, e.g. the hint under it. */
  describedBy?: string | undefined;
}

/**
 * A button that opens the phone's photo picker (which also offers the camera). The input
 * itself is visually hidden but stays in the page, so it works with the keyboard and tests.
 */
export function ImagePicker({
  label,
  onPick,
  multiple,
  disabled,
  className = 'btn btn--secondary btn--small',
  testId,
  describedBy,
}: ImagePickerProps) {
  const id = useId();
  const change = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    // Clearing lets the same photo be picked again after removing it.
    event.target.value = '';
    if (files.length > 0) onPick(files);
  };
  return (
    <span className={`image-picker${disabled ? ' image-picker--disabled' : ''}`}>
      <input
        id={id}
        type="file"
        accept="image/*"
        multiple={multiple}
        disabled={disabled}
        onChange={change}
        className="image-picker__input"
        data-testid={testId}
        aria-describedby={describedBy}
      />
      <label htmlFor={id} className={className} aria-disabled={disabled || undefined}>
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
          <path d="M4 8.5h3l1.6-2.5h6.8L17 8.5h3V19H4z" />
          <circle cx="12" cy="13.5" r="3.3" />
        </svg>
        <span>{label}</span>
      </label>
    </span>
  );
}
