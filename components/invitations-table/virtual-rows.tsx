"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import type { RefObject } from "react";

import type { InvitationRow } from "@/lib/view/invitation-rows";

import type { RenderRow } from "./table";

/**
 * A desktop row's height as drawn (two lines of text): a row entering the view on a keystroke
 * then measures as estimated, and the virtualizer does not render a second time to re-place it.
 */
const ROW_ESTIMATE_PX = 53;

type VirtualRowsProps = {
  rows: InvitationRow[];
  scrollRef: RefObject<HTMLDivElement | null>;
  columnCount: number;
  renderRow: RenderRow;
};

/**
 * The body of a virtualized table: only the rows in view (plus overscan) are in the DOM,
 * between two spacer rows that keep the scroll height of the whole list.
 */
export function VirtualRows({ rows, scrollRef, columnCount, renderRow }: VirtualRowsProps) {
  // The rule warns that React Compiler can't memoize this; the app doesn't use the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 6,
    getItemKey: (i) => rows[i]?.id ?? i,
    initialRect: { width: 1200, height: 700 },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  return (
    <>
      <Spacer height={padTop} columnCount={columnCount} />
      {items.map((v) => renderRow(rows[v.index]!, v.index, virtualizer.measureElement))}
      <Spacer height={padBottom} columnCount={columnCount} />
    </>
  );
}

function Spacer({ height, columnCount }: { height: number; columnCount: number }) {
  if (height <= 0) return null;
  return (
    <tr aria-hidden>
      <td colSpan={columnCount} style={{ height, padding: 0 }} />
    </tr>
  );
}
