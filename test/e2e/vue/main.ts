/**
 * The Vue 3 test app: mounts the README's example (SecondOpinion.vue, compiled by
 * @vitejs/plugin-vue with the README's vite.config.js beside it) into index.html. Type-checked,
 * with the component, by vue-tsc (tsconfig.json here).
 */
import { createApp } from 'vue';
import SecondOpinion from './SecondOpinion.vue';

createApp(SecondOpinion).mount('#app');
