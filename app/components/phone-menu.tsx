import { useLocation } from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";

/**
 * The phone's menu: a disclosure that closes itself when the page changes (else it stays open above every
 * later page) and on Escape. After a navigation from inside it, focus moves to the new page's content, not
 * back to the top of the document.
 */
export function PhoneMenu({ summary, children }: { summary: ReactNode; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    const details = ref.current;
    if (!details?.open) return;
    const focusWasInside = details.contains(document.activeElement);
    details.open = false;
    if (focusWasInside) document.getElementById("main")?.focus();
  }, [location.key]);
  return (
    <details
      ref={ref}
      className="group md:hidden"
      onKeyDown={(e) => {
        if (e.key !== "Escape" || !ref.current?.open) return;
        ref.current.open = false;
        ref.current.querySelector("summary")?.focus();
      }}
    >
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700">
        {summary}
      </summary>
      <div className="absolute inset-x-0 top-full z-20 max-h-[80vh] overflow-y-auto border-b border-slate-200 bg-white px-4 pb-4 shadow-md">
        {children}
      </div>
    </details>
  );
}
