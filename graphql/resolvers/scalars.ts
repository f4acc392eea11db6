// Custom scalars. BigInt travels as a decimal string (JSON numbers lose precision past
// 2^53); MetricValue keeps NaN and ±Infinity, which JSON numbers cannot carry.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

const bigIntText = /^-?\d{1,19}$/;

function parseBigIntText(value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !bigIntText.test(text)) {
    throw new GraphQLError('BigInt must be an integer, given as a decimal string', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const parsed = BigInt(text);
  if (parsed > 9223372036854775807n || parsed < -9223372036854775808n) {
    throw new GraphQLError('BigInt is outside the 64-bit range', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return parsed.toString();
}

export const BigIntScalar = new GraphQLScalarType({
  name: 'BigInt',
  serialize(value) {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    if (typeof value === 'string' && bigIntText.test(value)) return value;
    throw new GraphQLError(`BigInt cannot represent ${String(value)}`);
  },
  parseValue: parseBigIntText,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseBigIntText(ast.value);
    throw new GraphQLError('BigInt must be an integer, given as a decimal string', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

const specialNumbers: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

function parseMetricValue(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value in specialNumbers) return specialNumbers[value];
  throw new GraphQLError('MetricValue must be a number or one of "NaN", "Infinity", "-Infinity"', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** A finite number as itself; NaN and ±Infinity as the strings MLflow's JSON uses. */
export function serializeMetricValue(value: unknown): number | string {
  const number = typeof value === 'string' && value in specialNumbers ? specialNumbers[value] : value;
  if (typeof number !== 'number') throw new GraphQLError(`MetricValue cannot represent ${String(value)}`);
  if (Number.isNaN(number)) return 'NaN';
  if (number === Infinity) return 'Infinity';
  if (number === -Infinity) return '-Infinity';
  return number;
}

export const MetricValueScalar = new GraphQLScalarType({
  name: 'MetricValue',
  serialize: serializeMetricValue,
  parseValue: parseMetricValue,
  parseLiteral(ast) {
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return Number(ast.value);
    if (ast.kind === Kind.STRING) return parseMetricValue(ast.value);
    throw new GraphQLError('MetricValue must be a number or one of "NaN", "Infinity", "-Infinity"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
});

export const scalarResolvers = {
  DateTime: DateTimeResolver,
  JSON: JSONResolver,
  BigInt: BigIntScalar,
  MetricValue: MetricValueScalar,
};
