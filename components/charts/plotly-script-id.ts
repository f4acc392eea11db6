/** The id of the page's plotly script tag (<PlotlyScript />), which the charts wait for. */
export const PLOTLY_SCRIPT_ID = 'plotly-basic';
