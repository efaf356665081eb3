// Dates as the user prefers them (和暦 or ISO), in one place.
import { useWareki } from './i18n.js';
import { toIsoDisplay, toWareki } from './wareki.js';

export function formatDate(iso) {
  if (!iso) return '';
  return useWareki() ? toWareki(iso) : toIsoDisplay(iso);
}

export function formatDateTime(iso) {
  if (!iso) return '';
  return useWareki() ? toWareki(iso, { withTime: true }) : toIsoDisplay(iso, { withTime: true });
}
