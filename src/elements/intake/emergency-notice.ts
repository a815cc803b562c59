import { html } from 'lit';
import { DEFAULT_EMERGENCY_NUMBER, emergencyNotice } from '../../content/intake.js';

/**
 * "Not for emergencies: call 112", shown on the intake's first step and on its receipt, where a
 * clinical-safety review expects it. An empty or blank number falls back to 112.
 */
export function renderEmergencyNotice(number: string | undefined) {
  const shown = number?.trim() || DEFAULT_EMERGENCY_NUMBER;
  return html`<p class="emergency-notice" part="emergency-notice">${emergencyNotice(shown)}</p>`;
}
