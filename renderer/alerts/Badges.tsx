// Severity and state as small coloured tags, the same everywhere in the tab.
import type { AlertState, DeliveryStatus, Severity } from '../../db/api/alert-types.ts';
import { STATUS_LABELS } from './delivery-format.ts';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`al-sev sev-${severity}`} data-severity={severity}>
      {severity}
    </span>
  );
}

export function StateBadge({ state }: { state: AlertState }) {
  return (
    <span className={`al-state state-${state}`} data-state={state}>
      {state}
    </span>
  );
}

export function DeliveryBadge({ status }: { status: DeliveryStatus }) {
  return (
    <span className={`al-state delivery-${status}`} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
