/** Throws unless `start`, the index of a first element, is valid. */
export function checkStart(where: string, start: number): void {
  if (!Number.isSafeInteger(start) || start < 0) {
    throw new RangeError(
      `${where}: start must be an integer in [0, 2^53); got ${start}`,
    );
  }
}

/** Throws unless `value` is a finite number. */
export function checkFinite(where: string, what: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${where}: ${what} must be finite; got ${value}`);
  }
}
