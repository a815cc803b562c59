/** Script-tag entry: registers every element. Localization set-up comes with issue #3. */
import './define.js';
