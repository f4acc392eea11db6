// Streaming encoders for exported tables: rows go in page by page, bytes come out page by
// page, so an export of 100,000 runs never holds more than one page. CSV through
// csv-stringify (RFC 4180 quoting, and OWASP's CSV-injection escaping of cells that start
// with = + - @, except plain numbers); Parquet through hyparquet-writer, one row group per
// page, the bytes of each row group handed out as soon as it is written.
import { stringify } from 'csv-stringify/sync';
import { ByteWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';

export type ExportColumnType = 'text' | 'number' | 'time';
export type ExportColumn = { name: string; type: ExportColumnType };
/** A cell: text, a number (NaN and ±Infinity allowed), epoch milliseconds for `time`, or null. */
export type ExportCell = string | number | null;

export type TableEncoder = {
  contentType: string;
  extension: string;
  /** Bytes for one page of rows (the first call includes the header). */
  encode(rows: readonly ExportCell[][]): Uint8Array;
  /** The last bytes (Parquet's footer). */
  finish(): Uint8Array;
};

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const utf8 = new TextEncoder();

export function csvEncoder(columns: readonly ExportColumn[]): TableEncoder {
  let headerWritten = false;
  const text = (cell: ExportCell, type: ExportColumnType): string => {
    if (cell === null) return '';
    if (type === 'time') return new Date(cell as number).toISOString();
    return String(cell);
  };
  return {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    encode(rows) {
      const records = rows.map((row) => row.map((cell, i) => text(cell, columns[i].type)));
      if (!headerWritten) records.unshift(columns.map((column) => column.name));
      headerWritten = true;
      return utf8.encode(
        stringify(records, {
          escape_formulas: true,
          // A number logged as text ("-0.01") is data, not a formula.
          cast: { string: (value) => (NUMERIC_TEXT.test(value) ? { value, escape_formulas: false } : value) },
        }),
      );
    },
    finish: () => new Uint8Array(0),
  };
}

/** A hyparquet-writer Writer that hands out what it has written instead of keeping it. */
class DrainingWriter extends ByteWriter {
  drain(): Uint8Array {
    const bytes = new Uint8Array(this.buffer, 0, this.index).slice();
    this.index = 0;
    return bytes;
  }
}

const PARQUET_TYPES = { text: 'STRING', number: 'DOUBLE', time: 'TIMESTAMP' } as const;

export function parquetEncoder(columns: readonly ExportColumn[]): TableEncoder {
  const writer = new DrainingWriter();
  const schema = schemaFromColumnData({
    columnData: columns.map((column) => ({ name: column.name, data: [], type: PARQUET_TYPES[column.type], nullable: true })),
  });
  const parquet = new ParquetWriter({ writer, schema, createdBy: 'Cairn (hyparquet-writer)' });
  const value = (cell: ExportCell, type: ExportColumnType) => {
    if (cell === null) return null;
    if (type === 'time') return new Date(cell as number);
    if (type === 'number') return typeof cell === 'number' ? cell : Number(cell);
    return String(cell);
  };
  return {
    contentType: 'application/vnd.apache.parquet',
    extension: 'parquet',
    encode(rows) {
      if (rows.length > 0) {
        const columnData = columns.map((column, i) => ({ name: column.name, data: rows.map((row) => value(row[i], column.type)) }));
        void parquet.write({ columnData, rowGroupSize: rows.length });
      }
      return writer.drain();
    },
    finish() {
      void parquet.finish();
      return writer.drain();
    },
  };
}
