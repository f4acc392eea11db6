// Where a dataset's data is, as one canonical URI, so that the same data reported by MLflow
// (a dataset source) and by a data tool (an OpenLineage namespace and name) is recognised as
// the same: s3://bucket/key, gs://..., postgres://host:5432/db.schema.table, file:///path.
// Rules: scheme and host in lower case, s3a:// and s3n:// read as s3://, no trailing slash,
// local paths as file:// URIs; a non-URI OpenLineage namespace gives `<namespace>/<name>`.

const OPAQUE = /^[a-z][a-z0-9+.-]*:/i;

/** A URI or path in canonical form, or null when it names no location. */
export function canonicalLocation(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let value = raw.trim();
  if (!value || value.length > 4096) return null;
  if (value.startsWith('/')) value = `file://${value}`;
  else if (/^file:\/(?!\/)/i.test(value)) value = `file://${value.slice(5)}`;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(.*)$/i.exec(value);
  if (scheme) {
    let [, name, authority, rest] = scheme;
    name = name.toLowerCase();
    if (name === 's3a' || name === 's3n') name = 's3';
    rest = rest.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
    return `${name}://${authority.toLowerCase()}${rest}`;
  }
  if (OPAQUE.test(value)) return value.replace(/\/+$/, '');
  return null;
}

/**
 * The location of an MLflow dataset from its source: the source's `uri`, `url` or `path`
 * (MLflow's dataset sources serialise their location under one of those), or the source
 * itself when it is a URI.
 */
export function mlflowDatasetLocation(source: string): string | null {
  const trimmed = source.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>;
      for (const field of ['uri', 'url', 'path']) {
        const location = canonicalLocation(typeof parsed[field] === 'string' ? (parsed[field] as string) : null);
        if (location) return location;
      }
    } catch {
      return null;
    }
    return null;
  }
  return canonicalLocation(trimmed);
}

/**
 * The location of an OpenLineage dataset (OpenLineage naming: namespace `s3://bucket` + name
 * `path/key`, namespace `postgres://host:5432` + name `db.schema.table`, namespace `file` + name
 * `/path`).
 */
export function openLineageLocation(namespace: string, name: string): string {
  const ns = namespace.trim().replace(/\/+$/, '');
  const path = name.trim();
  if (/^file(:\/\/)?$/i.test(ns)) return canonicalLocation(path.startsWith('/') ? path : `/${path}`) ?? `file:///${path}`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ns)) return canonicalLocation(`${ns}/${path.replace(/^\/+/, '')}`) ?? `${ns}/${path}`;
  return `${ns}/${path.replace(/^\/+/, '')}`;
}
