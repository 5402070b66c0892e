import { ADD_DIRECTLY_EXPLAINED } from "@/lib/concepts";

import type { Mode } from "./checks";

/** An administrator's choice between inviting and adding people to the class directly. */
export function ModePicker({ name, mode, onChange }: { name: string; mode: Mode; onChange: (mode: Mode) => void }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">How</legend>
      <div className="mt-1 grid gap-2 sm:grid-cols-2">
        <ModeOption
          name={name}
          checked={mode === "invite"}
          onChange={() => onChange("invite")}
          label="Send an invitation"
          hint="Classroom emails each person; they join when they accept. Works for anyone the class's school allows."
        />
        <ModeOption
          name={name}
          checked={mode === "add"}
          onChange={() => onChange("add")}
          label="Add directly"
          hint={`${ADD_DIRECTLY_EXPLAINED} Only for accounts in your domain; a new owner still needs an invitation.`}
        />
      </div>
    </fieldset>
  );
}

function ModeOption({
  name,
  checked,
  onChange,
  label,
  hint,
}: {
  name: string;
  checked: boolean;
  onChange: () => void;
  label: string;
  hint: string;
}) {
  return (
    <label
      className={`flex cursor-pointer gap-2 rounded-lg p-3 text-sm ring-1 ${checked ? "bg-brand-50 ring-brand-600" : "bg-white ring-slate-300"}`}
    >
      <input type="radio" name={name} checked={checked} onChange={onChange} className="mt-0.5" />
      <span>
        <span className="block font-medium text-slate-900">{label}</span>
        <span className="block text-slate-700">{hint}</span>
      </span>
    </label>
  );
}
