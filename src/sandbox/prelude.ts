// JavaScript evaluated in each sandbox context before the user's code. Each is an expression, not
// a global, so user code cannot reach it, and each keeps the original built-ins it needs even if
// the transform replaces them.

/** Calls the transform on the JSON request and returns the JSON result: data crosses as strings only. */
export const CALL = `(() => {
  const { parse, stringify } = JSON;
  const { isArray } = Array;
  const NativeTypeError = TypeError;
  const describe = (value) => value === undefined ? 'undefined' : isArray(value) ? 'an array' : 'a ' + typeof value;
  return (transform, input) => {
    const result = transform(parse(input));
    if (result === null) return 'null';
    if (typeof result !== 'object' || isArray(result)) {
      throw new NativeTypeError('transform must return the request, or null to drop the event; it returned ' + describe(result));
    }
    if (typeof result.then === 'function') {
      throw new NativeTypeError('transform returned a Promise; async transforms are not supported');
    }
    try {
      return stringify(result);
    } catch (error) {
      if (error instanceof NativeTypeError) throw new NativeTypeError('the returned request is not JSON-serializable: ' + error.message);
      throw error;
    }
  };
})()`;

/**
 * Reads a thrown value inside the sandbox and returns a short JSON [name, message, stack]. Not
 * context.dump(): it copies a message out whole however long, and took 800 ms to dump a large
 * typed array.
 */
export const DESCRIBE = `(() => {
  const { stringify } = JSON;
  const NativeString = String;
  const clip = (value, length) => typeof value === 'string' ? value.slice(0, length) : null;
  return (error) => typeof error === 'object' && error !== null && typeof error.message === 'string'
    ? stringify([clip(error.name, 100), clip(error.message, 1000), clip(error.stack, 4000)])
    : stringify([null, NativeString(error).slice(0, 1000), null]);
})()`;

/**
 * Strings are copied into WASM memory through malloc, and quickjs-emscripten writes the copy even
 * when malloc returns 0, corrupting the instance. The request goes in only after this has shown
 * that a block of its size can be allocated (and freed it again, for the copy to reuse).
 */
export const RESERVE = `(() => {
  const NativeArrayBuffer = ArrayBuffer;
  return (bytes) => { new NativeArrayBuffer(bytes); };
})()`;

/** A top-level binding, for code written as a declaration rather than an expression. */
export const LOOKUP = `typeof transform === 'function' ? transform : undefined`;
