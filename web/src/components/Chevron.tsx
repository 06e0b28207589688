/** The small “go on” arrow at the end of a row or tile that links somewhere. */
export function Chevron({ className }: { className?: string }) {
  return (
    <svg
      className={className}
      aria-hidden="true"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
    >
      <path d="m9.5 6 6 6-6 6" />
    </svg>
  );
}
