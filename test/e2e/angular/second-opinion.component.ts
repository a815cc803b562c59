import { Component, CUSTOM_ELEMENTS_SCHEMA, ElementRef, signal, ViewChild } from '@angular/core';
import type { IntakeStep, IntakeSuccessEvent, SecondOpinionIntake } from 'second-opinion-intake';
import 'second-opinion-intake/define';
import { setUpLocalization } from 'second-opinion-intake/localization';

setUpLocalization(); // once per page, unless the app configures @lit/localize itself

@Component({
  selector: 'app-second-opinion',
  // The widget's tags are custom elements, not Angular components.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <second-opinion-intake
      #intake
      endpoint="/api/second-opinion"
      service-country="DE"
      [partners]="partners"
      [headers]="headers"
      (intake-step-change)="onStepChange()"
      (intake-success)="onSuccess($event)"
    ></second-opinion-intake>
    @if (reference()) {
      <p id="portal-reference">Your reference: {{ reference() }}</p>
    } @else {
      <p id="portal-step">Current step: {{ step() }}</p>
    }
  `,
})
export class SecondOpinionComponent {
  readonly partners = ['University Hospital Example', 'Example Heart Centre'];
  // Extra request headers, e.g. the portal's CSRF token (never answers).
  readonly headers = csrfHeaders();
  @ViewChild('intake') intake!: ElementRef<SecondOpinionIntake>;
  readonly step = signal<IntakeStep | 'done'>('about');
  readonly reference = signal('');

  onStepChange() {
    // The element's own properties, typed, through the reference.
    this.step.set(this.intake.nativeElement.step);
  }

  onSuccess(event: IntakeSuccessEvent) {
    this.reference.set(event.detail.reference);
  }
}

function csrfHeaders(): Record<string, string> {
  const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
  return token ? { 'X-CSRF-Token': token } : {};
}
