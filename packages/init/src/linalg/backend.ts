/**
 * Where a matrix lives in a backend's heap: element (i, j) is at
 * `offset + i * rowStride + j * colStride`. Column-major storage with
 * leading dimension ld is { rowStride: 1, colStride: ld }; its transpose
 * is { rowStride: ld, colStride: 1 }.
 */
export interface StridedMatrix {
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/**
 * A flat f64 heap and a GEMM over it. The QR code runs unchanged on the
 * plain-TS reference backend (tests) and on the WebAssembly one (speed).
 */
export interface LinalgBackend {
  /** The heap; a new view after `alloc` may have grown it. */
  readonly heap: Float64Array;
  /** Reserves `count` zeroed doubles; returns their 16-byte aligned offset. */
  alloc(count: number): number;
  /** The allocation top, in doubles; pass it to `release` later. */
  mark(): number;
  /** Frees everything allocated since `mark` returned this value. */
  release(mark: number): void;
  /**
   * C = alpha * A B + beta * C, with A m x k, B k x n and C m x n stored
   * column-major with leading dimension `ldc` at `c`.
   */
  gemm(
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: StridedMatrix,
    b: StridedMatrix,
    beta: number,
    c: number,
    ldc: number,
  ): void;
}

/** A column-major matrix with leading dimension `ld` at `offset`. */
export function columnMajor(offset: number, ld: number): StridedMatrix {
  return { offset, rowStride: 1, colStride: ld };
}

/** The transpose of a column-major matrix with leading dimension `ld`. */
export function transposed(offset: number, ld: number): StridedMatrix {
  return { offset, rowStride: ld, colStride: 1 };
}
