/** `second-opinion-intake/define`: registers the five tags (see registry.ts). */
import { defineSecondOpinionElements } from './registry.js';

export { defineSecondOpinionElements, elements } from './registry.js';

defineSecondOpinionElements();
