// A destructive button that asks once more in place ("Delete?"), instead of a blocking confirm().
import { useEffect, useState } from 'react';

export function ConfirmButton({
  label,
  confirmLabel,
  onConfirm,
  disabled,
  title,
}: {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  title?: string;
}) {
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!asking) return;
    const t = setTimeout(() => setAsking(false), 4000);
    return () => clearTimeout(t);
  }, [asking]);
  return (
    <button
      type="button"
      className={asking ? 'al-btn small danger asking' : 'al-btn small'}
      disabled={disabled}
      title={title}
      onBlur={() => setAsking(false)}
      onClick={() => (asking ? (setAsking(false), onConfirm()) : setAsking(true))}
    >
      {asking ? confirmLabel : label}
    </button>
  );
}
