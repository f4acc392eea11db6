// plotly.js-strict-dist-min ships no types: it is plotly.js (every trace type without run-time
// code generation), the same API. (The basic bundle is not imported: it is a script of its own,
// lib/runtime/publish-plotly-script.ts.)
declare module 'plotly.js-strict-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
