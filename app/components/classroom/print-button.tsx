/** Prints the page (the print styles keep only what is marked printable). */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="btn-secondary px-3 py-1.5" onClick={() => window.print()}>
      {label}
    </button>
  );
}
