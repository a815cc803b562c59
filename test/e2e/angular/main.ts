/**
 * The Angular test app: bootstraps the README's example (second-opinion.component.ts) without
 * the Angular CLI. `@angular/compiler` compiles the component's template in the browser (JIT);
 * an app built with the CLI compiles it ahead of time instead, from the same component. Zoneless
 * change detection (Angular 21's default), so zone.js is not needed.
 */
import '@angular/compiler';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { SecondOpinionComponent } from './second-opinion.component';

bootstrapApplication(SecondOpinionComponent, {
  providers: [provideZonelessChangeDetection()],
}).catch((error: unknown) => console.error(error));
