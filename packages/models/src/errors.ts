/** Bad input from the caller: a wrong name, value or option. */
export class ZooInputError extends Error {
  override readonly name = 'ZooInputError';
}

/** A legal request that @zoo/models does not implement (yet). */
export class ZooNotImplementedError extends Error {
  override readonly name = 'ZooNotImplementedError';
}
