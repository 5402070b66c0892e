/**
 * The standard 40px form control (a form's text input or select; filter bars use the compact
 * filter-field instead). A select gets an explicit white background, which preflight removes.
 */
export const fieldControlClass = "mt-1 block h-10 w-full rounded-lg border border-slate-300 px-3 text-sm";
export const fieldSelectClass = `${fieldControlClass} bg-white`;
