"use client";

import { useId, type InputHTMLAttributes } from "react";

export type Option = { value: string; label: string };

const labelClass = "block text-xs font-medium text-slate-700";
const controlClass = "mt-1 h-9 w-full rounded-lg border border-slate-300 bg-white text-sm";

/** A labelled filter drop-down whose empty value means "all". */
export function FilterSelect({
  label,
  allLabel,
  value,
  options,
  onChange,
}: {
  label: string;
  allLabel: string;
  value: string;
  options: readonly Option[];
  onChange: (value: string) => void;
}) {
  return (
    <Labelled label={label}>
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={`${controlClass} px-2`}>
          <option value="">{allLabel}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}

type InputProps = { label: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type">;

function FilterInput({ label, type, ...input }: InputProps & { type: "search" | "date" }) {
  return (
    <Labelled label={label}>
      {(id) => <input id={id} type={type} {...input} className={`${controlClass} px-3`} />}
    </Labelled>
  );
}

/** A filter's small label above its control, which takes the id the label points at. */
function Labelled({ label, children }: { label: string; children: (id: string) => React.ReactNode }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}

/** A labelled search box; every other input attribute passes through. */
export const FilterSearch = (props: InputProps) => <FilterInput type="search" {...props} />;

/** A labelled date filter (YYYY-MM-DD); empty means "no bound". */
export const FilterDate = (props: InputProps) => <FilterInput type="date" {...props} />;
