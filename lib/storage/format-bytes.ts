// Sizes as people read them: 1536 -> '1.5 KiB' (reports, the CLI and pages alike).
export function formatBytes(value: number | string | bigint): string {
  const bytes = Number(value);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let scaled = bytes;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${scaled.toFixed(1)} ${units[unit]}`;
}
