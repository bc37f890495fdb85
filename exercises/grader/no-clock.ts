/**
 * Take every clock and every unseeded source of randomness out of the realm learner code runs in,
 * before it is hardened: the same code must get the same grade on every machine, at any hour.
 * `Date.now` is not the only clock: `new Date()` and `Date()` read it too, and so do
 * `Intl.DateTimeFormat#format()` without a date and `Temporal.Now` (where the engine has it).
 * A `Date` made from a given time still works.
 */

function refuse(what: string): never {
  throw new Error(`${what} is not available in graded code: the simulation is deterministic`);
}

/** A `Date` that needs its time given: no arguments would read the clock. */
function clocklessDate(RealDate: DateConstructor): DateConstructor {
  const Date = function Date(this: unknown, ...args: unknown[]): unknown {
    if (new.target === undefined) refuse('Date() (the current time)');
    if (args.length === 0) refuse('new Date() without a time');
    return Reflect.construct(RealDate, args, new.target) as unknown;
  } as unknown as DateConstructor;
  Object.defineProperties(Date, {
    prototype: { value: RealDate.prototype, writable: false },
    UTC: { value: RealDate.UTC, writable: true, configurable: true },
    parse: { value: RealDate.parse, writable: true, configurable: true },
    now: { value: () => refuse('Date.now'), writable: true, configurable: true },
  });
  Object.defineProperty(RealDate.prototype, 'constructor', {
    value: Date,
    writable: true,
    configurable: true,
  });
  return Date;
}

/** `format()` and `formatToParts()` of a date-time format, refusing to format "now". */
function clocklessDateTimeFormat(): void {
  const proto = Intl.DateTimeFormat.prototype as unknown as Record<string, unknown>;
  const formatGetter = Object.getOwnPropertyDescriptor(proto, 'format')?.get;
  if (formatGetter)
    Object.defineProperty(proto, 'format', {
      get(this: Intl.DateTimeFormat) {
        const format = formatGetter.call(this) as (d?: unknown) => string;
        return (date?: unknown) =>
          date === undefined ? refuse('Formatting the current time') : format(date);
      },
      configurable: true,
    });
  const toParts = proto.formatToParts as (this: unknown, d?: unknown) => unknown;
  proto.formatToParts = function formatToParts(this: unknown, date?: unknown) {
    return date === undefined ? refuse('Formatting the current time') : toParts.call(this, date);
  };
}

/** Replace the realm's clocks and `Math.random` with functions that refuse, saying why. */
export function removeClocks(g: Record<string, unknown>): void {
  Math.random = () => refuse('Math.random');
  g.Date = clocklessDate(g.Date as DateConstructor);
  clocklessDateTimeFormat();
  const temporal = g.Temporal as { Now?: Record<string, unknown> } | undefined;
  if (temporal?.Now)
    for (const key of Object.getOwnPropertyNames(temporal.Now))
      if (typeof temporal.Now[key] === 'function') temporal.Now[key] = () => refuse('Temporal.Now');
}
