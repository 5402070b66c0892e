/**
 * A box a wide table scrolls inside, so the page itself never scrolls sideways. It is a labelled
 * region that takes focus: a keyboard user scrolls it with the arrow keys once it is focused,
 * which matters where no row holds a link or button to land on.
 */
export function ScrollRegion({
  label,
  className = "overflow-x-auto",
  children,
}: {
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={className}>
      {children}
    </div>
  );
}
