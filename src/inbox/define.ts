/** `second-opinion-intake/inbox/define`: registers `<second-opinion-inbox>`. */
import { defineSecondOpinionInbox } from './index.js';

export * from './index.js';

defineSecondOpinionInbox();
