/** ONNX element types this package names, by TensorProto.DataType code. */
export type DataTypeName =
  | 'float32'
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'string'
  | 'bool'
  | 'float16'
  | 'float64'
  | 'uint32'
  | 'uint64'
  | 'complex64'
  | 'complex128'
  | 'bfloat16'
  | 'float8e4m3fn'
  | 'float8e4m3fnuz'
  | 'float8e5m2'
  | 'float8e5m2fnuz'
  | 'uint4'
  | 'int4'
  | 'float4e2m1'
  | 'unknown';

/** The repeated field that holds a type's values when raw_data is unset. */
export type DataField =
  | 'float_data'
  | 'int32_data'
  | 'string_data'
  | 'int64_data'
  | 'double_data'
  | 'uint64_data';

/** TensorProto field numbers of the data fields. */
export const DATA_FIELD_NUMBER: Readonly<Record<DataField, number>> = {
  float_data: 4,
  int32_data: 5,
  string_data: 6,
  int64_data: 7,
  double_data: 10,
  uint64_data: 11,
};

export interface DataTypeInfo {
  readonly name: DataTypeName;
  /** Bytes per element in raw_data; 0.5 for 4-bit types, 0 for strings. */
  readonly size: number;
  readonly field: DataField;
  /** Field values per element (2 for complex types). */
  readonly perElement: number;
}

const table: Record<number, DataTypeInfo> = {};
const add = (
  code: number,
  name: DataTypeName,
  size: number,
  field: DataField,
  perElement = 1,
): void => {
  table[code] = { name, size, field, perElement };
};
add(1, 'float32', 4, 'float_data');
add(2, 'uint8', 1, 'int32_data');
add(3, 'int8', 1, 'int32_data');
add(4, 'uint16', 2, 'int32_data');
add(5, 'int16', 2, 'int32_data');
add(6, 'int32', 4, 'int32_data');
add(7, 'int64', 8, 'int64_data');
add(8, 'string', 0, 'string_data');
add(9, 'bool', 1, 'int32_data');
add(10, 'float16', 2, 'int32_data');
add(11, 'float64', 8, 'double_data');
add(12, 'uint32', 4, 'uint64_data');
add(13, 'uint64', 8, 'uint64_data');
add(14, 'complex64', 8, 'float_data', 2);
add(15, 'complex128', 16, 'double_data', 2);
add(16, 'bfloat16', 2, 'int32_data');
add(17, 'float8e4m3fn', 1, 'int32_data');
add(18, 'float8e4m3fnuz', 1, 'int32_data');
add(19, 'float8e5m2', 1, 'int32_data');
add(20, 'float8e5m2fnuz', 1, 'int32_data');
add(21, 'uint4', 0.5, 'int32_data');
add(22, 'int4', 0.5, 'int32_data');
add(23, 'float4e2m1', 0.5, 'int32_data');

/** Facts about a data type code, or undefined for codes unknown here. */
export function dataTypeInfo(code: number): DataTypeInfo | undefined {
  return table[code];
}

/** True for the float types weights can be written as. */
export function isFloatType(name: DataTypeName): boolean {
  return (
    name === 'float32' ||
    name === 'float64' ||
    name === 'float16' ||
    name === 'bfloat16'
  );
}

/** Bytes of raw data a tensor of `count` elements takes. */
export function rawByteLength(info: DataTypeInfo, count: number): number {
  return Math.ceil(info.size * count);
}
