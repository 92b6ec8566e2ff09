/** The product mark beside the name (decorative; the heading says the name). */
export function AppLogo() {
  return (
    <svg className="app-logo" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="22" height="22" rx="6" className="app-logo__tile" />
      <path d="M4 12.5h4l2-4 3 8 2-4h5" fill="none" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className="app-logo__pulse" />
    </svg>
  );
}
