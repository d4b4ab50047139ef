import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import KfnPlot from './KfnPlot.vue';
import WasmDemo from './WasmDemo.vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('KfnPlot', KfnPlot);
    app.component('WasmDemo', WasmDemo);
  },
} satisfies Theme;
