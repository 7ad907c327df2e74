// The `?` dialog: every shortcut from shortcuts.ts.
import { Modal } from '../ui/Modal.tsx';
import { SHORTCUTS } from './shortcuts.ts';

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} testId="shortcuts-dialog">
      <table className="kbd-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys.join('+') + s.what}>
              <td>
                {s.keys.map((k, i) => (
                  <kbd key={i}>{k}</kbd>
                ))}
              </td>
              <td>
                {s.what}
                {s.where && <span className="muted"> · {s.where}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Single keys do nothing while you type in a field or an editor.</p>
    </Modal>
  );
}
