import { ADD_DIRECTLY_EXPLAINED } from "@/lib/concepts";

/** An administrator's choice for people the roster lists but a class lacks: invite them, or add them directly. */
export function MissingPeopleChoice({
  addDirectly,
  onChange,
}: {
  addDirectly: boolean;
  onChange: (addDirectly: boolean) => void;
}) {
  return (
    <fieldset className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:p-6">
      <legend className="sr-only">People missing from a class</legend>
      <p className="text-sm font-medium text-slate-800" aria-hidden>
        People missing from a class
      </p>
      <div className="grid gap-2 sm:grid-cols-2">
        {(
          [
            [false, "Invite them", "Classroom emails each person; they join when they accept."],
            [
              true,
              "Add people of your domain directly",
              `${ADD_DIRECTLY_EXPLAINED} People outside your domain are always invited.`,
            ],
          ] as const
        ).map(([value, label, hint]) => (
          <label
            key={label}
            className="flex cursor-pointer items-start gap-2 rounded-lg p-3 ring-1 ring-slate-200 has-checked:ring-2 has-checked:ring-brand-600"
          >
            <input
              type="radio"
              name="roster-missing"
              className="mt-1"
              checked={addDirectly === value}
              onChange={() => onChange(value)}
            />
            <span>
              <span className="block text-sm font-medium">{label}</span>
              <span className="block text-xs text-slate-600">{hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
