/**
 * Script-tag entry: configures localization (unless the page already did), then registers the
 * elements, so elements already in the page resolve their locale once they upgrade.
 */
import { setUpLocalization } from './localization.js';
import { defineSecondOpinionElements } from './registry.js';

setUpLocalization();
defineSecondOpinionElements();
