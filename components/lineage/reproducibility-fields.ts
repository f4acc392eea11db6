// The GraphQL selection of a reproducibility report, apart from its panel so that plain
// modules (the run page's query, which the request bench imports) can use it without CSS.
export const REPRODUCIBILITY_FIELDS = 'reproducibility { complete missing items { key label status detail fix } }';
