import { describe, expect, it } from 'vitest';
import { canonicalLocation, mlflowDatasetLocation, openLineageLocation } from './dataset-location.ts';

describe('dataset locations', () => {
  it('reads MLflow sources: uri, url, path, or a bare URI', () => {
    expect(mlflowDatasetLocation('{"uri": "s3://Lake/raw/events.csv"}')).toBe('s3://lake/raw/events.csv');
    expect(mlflowDatasetLocation('{"url": "https://example.com/data.csv"}')).toBe('https://example.com/data.csv');
    expect(mlflowDatasetLocation('{"path": "/data/train.parquet", "delta_table_version": 3}')).toBe('file:///data/train.parquet');
    expect(mlflowDatasetLocation('s3a://lake/cleaned/')).toBe('s3://lake/cleaned');
    expect(mlflowDatasetLocation('{"tags": {"x": 1}}')).toBeNull();
    expect(mlflowDatasetLocation('{not json')).toBeNull();
    expect(mlflowDatasetLocation('just words')).toBeNull();
  });

  it('names OpenLineage datasets the way MLflow sources name the same data', () => {
    expect(openLineageLocation('s3://lake', 'raw/events.csv')).toBe(mlflowDatasetLocation('{"uri": "s3://lake/raw/events.csv"}'));
    expect(openLineageLocation('s3a://lake/', '/cleaned')).toBe('s3://lake/cleaned');
    expect(openLineageLocation('postgres://db:5432', 'shop.public.orders')).toBe('postgres://db:5432/shop.public.orders');
    expect(openLineageLocation('file', '/data/train.parquet')).toBe(mlflowDatasetLocation('/data/train.parquet'));
    expect(openLineageLocation('food_delivery', 'public.orders')).toBe('food_delivery/public.orders');
  });

  it('keeps case in paths and drops doubled and trailing slashes', () => {
    expect(canonicalLocation('GS://Bucket//A/B/')).toBe('gs://bucket/A/B');
    expect(canonicalLocation('file:/tmp/x')).toBe('file:///tmp/x');
    expect(canonicalLocation('')).toBeNull();
  });
});
