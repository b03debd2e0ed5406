/**
 * Dense symmetric positive-definite algebra for the rating fits: a P×P matrix is a Float64Array
 * in row-major order. P is the number of models plus covariates (tens to a few hundred), so
 * O(P³) Cholesky is a few milliseconds at most.
 */

/** Cholesky factor L (lower, row-major) of a symmetric positive-definite matrix, or undefined when it is not. */
export function cholesky(a: Float64Array, p: number): Float64Array | undefined {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * p + i] = Math.sqrt(s);
      } else l[i * p + j] = s / l[j * p + j]!;
    }
  }
  return l;
}

/** Solves L Lᵀ x = b for x, given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!;
    y[i] = s / l[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!;
    x[i] = s / l[i * p + i]!;
  }
  return x;
}

/** The inverse of a symmetric positive-definite matrix from its Cholesky factor, column by column. */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inverse = new Float64Array(p * p);
  const unit = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    unit.fill(0);
    unit[c] = 1;
    const column = choleskySolve(l, p, unit);
    for (let r = 0; r < p; r++) inverse[r * p + c] = column[r]!;
  }
  return inverse;
}
