import { percent } from "~/modules/learning";

/** An accessible progress bar: its label is read out with the value. */
export function ProgressBar({
  label,
  done,
  total,
  detail,
}: {
  label: string;
  done: number;
  total: number;
  detail?: string;
}) {
  const value = percent(done, total);
  return (
    <div>
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="text-slate-700">{label}</span>
        <span className="tabular-nums text-slate-600">{detail ?? `${value}%`}</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={detail ?? `${value}%`}
        className="mt-1 h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-brand-600" style={{ width: `${value}%` }} />
      </div>
    </div>
  );
}
