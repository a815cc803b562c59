import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    vue({
      template: {
        // The widget's tags are custom elements, not Vue components.
        compilerOptions: { isCustomElement: (tag) => tag.startsWith('second-opinion-') },
      },
    }),
  ],
});
