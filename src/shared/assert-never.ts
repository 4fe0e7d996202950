/** Exhausts a union: a new member that is not handled becomes a type error here. */
export function assertNever(value: never, what = 'value'): never {
  throw new TypeError(`unexpected ${what}: ${String(value)}`);
}
