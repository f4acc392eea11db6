// plotly.js-basic-dist-min ships no types: it is plotly.js with fewer trace types, the same API.
declare module 'plotly.js-basic-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
