import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { countText } from "@/lib/format/count";

/**
 * The second confirmation before a commit that removes members: how many, from which classes,
 * and what removal means for them.
 */
export function ConfirmRemovals({
  confirming,
  onCancel,
  onConfirm,
}: {
  /** What the commit would remove; null: nothing to confirm (closed). */
  confirming: { count: number; classes: string[] } | null;
  onCancel: () => void;
  onConfirm: (count: number) => void;
}) {
  return (
    <Modal
      open={confirming !== null}
      onClose={onCancel}
      title={`Remove ${confirming ? countText(confirming.count, "member") : ""}?`}
    >
      {confirming ? (
        <div className="mt-3 space-y-4 text-sm">
          <p>
            {`${countText(confirming.count, "person", "people")} not in the roster will be removed from ${countText(confirming.classes.length, "class", "classes")}: `}
            <strong>{confirming.classes.join(", ")}</strong>. They lose access to the class and its work at once; to
            bring them back, invite or add them again. Class owners are never removed.
          </p>
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={onCancel}>
              Keep them
            </Button>
            <Button variant="danger" onClick={() => onConfirm(confirming.count)}>
              {`Remove ${countText(confirming.count, "member")} and commit`}
            </Button>
          </div>
        </div>
      ) : null}
    </Modal>
  );
}
