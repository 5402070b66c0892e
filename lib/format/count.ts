// Counted nouns as the UI writes them: "1 invitation", "2 duplicate rows", "1,234 classes".
// The plural category comes from Intl.PluralRules, so the one/other choice is the locale's,
// not a hand-written `n === 1`; the English plural of the noun is formed here.

const rules = new Intl.PluralRules("en-US");

/** English plural of a noun phrase's last word: class → classes, entry → entries, row → rows. */
function pluralOf(phrase: string): string {
  return phrase.replace(/(\w+)$/, (word) => {
    if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
    if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
    return `${word}s`;
  });
}

/** The noun in the form n needs: plural("invitation", 1) → "invitation", (…, 2) → "invitations". */
export function plural(one: string, n: number, other = pluralOf(one)): string {
  return rules.select(n) === "one" ? one : other;
}

/** "1,234": a count on its own, as the UI writes it. */
export const numberFormat = new Intl.NumberFormat("en-US");

/** "1 invitation", "0 invitations", "1,234 invitations". */
export function countText(n: number, one = "invitation", other?: string): string {
  return `${numberFormat.format(n)} ${plural(one, n, other)}`;
}
