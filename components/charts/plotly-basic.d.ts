// plotly.js-basic-dist-min and plotly.js-strict-dist-min ship no types: both are plotly.js
// (fewer trace types; every trace type without run-time code generation), the same API.
declare module 'plotly.js-basic-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}

declare module 'plotly.js-strict-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
