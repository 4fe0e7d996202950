/** Small decorative icons, drawn inline so the bundle needs no icon font. All hidden from assistive tech. */

export function LogoMark() {
  return (
    <svg className="logo-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="2" y="2" width="20" height="20" rx="6" className="logo-mark-bg" />
      <path d="M8 12.5l2.6 2.6L16 9.5" className="logo-mark-check" />
    </svg>
  );
}

export function AlertIcon() {
  return (
    <svg className="icon icon--alert" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M8 1.5l6.5 12H1.5z" className="icon-stroke" />
      <path d="M8 6v3.5M8 11.5v.5" className="icon-stroke" />
    </svg>
  );
}

export function CheckIcon() {
  return (
    <svg className="icon icon--check" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M3.5 8.5l3 3 6-7" className="icon-stroke" />
    </svg>
  );
}

export function CrossIcon() {
  return (
    <svg className="icon icon--cross" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" className="icon-stroke" />
    </svg>
  );
}

export function PlusIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M8 3v10M3 8h10" className="icon-stroke" />
    </svg>
  );
}
