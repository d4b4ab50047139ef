// The part of d3-shape 3 used here (the package ships no types; @types/d3-shape is not needed for two functions).
declare module 'd3-shape' {
  export type CurveFactory = (context: unknown) => unknown;
  export interface Line<T> {
    (data: readonly T[]): string | null;
    x(x: (d: T) => number): this;
    y(y: (d: T) => number): this;
    curve(curve: CurveFactory): this;
    defined(defined: (d: T) => boolean): this;
  }
  export function line<T>(): Line<T>;
  export const curveBasis: CurveFactory;
  export const curveLinear: CurveFactory;
}
