/**
 * Freeze every intrinsic of the realm the grader shares with learner code, as hardened-JavaScript
 * lockdowns do (SES `lockdown()`): the globals, their prototypes, and the intrinsics no global name
 * reaches (the iterator prototypes, `%TypedArray%`, the generator and async function prototypes),
 * walked transitively through every property, accessor and prototype. The grader's checks walk
 * arrays, sets and maps in this realm: a learner who could replace `%ArrayIteratorPrototype%.next`
 * could make a check see nothing. Runs once, before the learner's code loads.
 */

/**
 * The intrinsics reachable only through an object that holds them, each with how to find it.
 * `%AsyncFromSyncIteratorPrototype%` is the one no code can reach. The names are the spec's; a
 * test tampers with each one.
 */
/** %IteratorPrototype%, with the iterator helpers an engine may have. */
function iteratorProto(): {
  map?: (this: unknown, f: (x: unknown) => unknown) => unknown;
  constructor: { from?: (o: object) => unknown };
} {
  return Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as ReturnType<
    typeof iteratorProto
  >;
}

export const HIDDEN_INTRINSICS: Readonly<Record<string, () => unknown>> = {
  '%ArrayIteratorPrototype%': () => Object.getPrototypeOf([][Symbol.iterator]()),
  '%SetIteratorPrototype%': () => Object.getPrototypeOf(new Set()[Symbol.iterator]()),
  '%MapIteratorPrototype%': () => Object.getPrototypeOf(new Map()[Symbol.iterator]()),
  '%StringIteratorPrototype%': () => Object.getPrototypeOf(''[Symbol.iterator]()),
  '%RegExpStringIteratorPrototype%': () => Object.getPrototypeOf(''.matchAll(/x/g)),
  '%IteratorPrototype%': () => Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())),
  '%AsyncIteratorPrototype%': () =>
    Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype),
  '%TypedArray%': () => Object.getPrototypeOf(Uint8Array),
  '%GeneratorFunction%': () => Object.getPrototypeOf(function* () {}).constructor,
  '%AsyncFunction%': () => Object.getPrototypeOf(async function () {}).constructor,
  '%AsyncGeneratorFunction%': () => Object.getPrototypeOf(async function* () {}).constructor,
  '%ThrowTypeError%': () => Object.getOwnPropertyDescriptor(Function.prototype, 'caller')?.get,
  // Iterator helpers, where the engine has them (Chromium; not Node 20's V8), found through
  // %IteratorPrototype%: the page's worker takes the \`Iterator\` global away before this runs.
  '%IteratorHelperPrototype%': () =>
    Object.getPrototypeOf(iteratorProto().map!.call([].values(), (x: unknown) => x)),
  '%WrapForValidIteratorPrototype%': () =>
    Object.getPrototypeOf(
      iteratorProto().constructor.from!({ next: () => ({ done: true, value: undefined }) }),
    ),
  '%SegmentsPrototype%': () => Object.getPrototypeOf(new Intl.Segmenter().segment('')),
  '%SegmentIteratorPrototype%': () =>
    Object.getPrototypeOf(new Intl.Segmenter().segment('')[Symbol.iterator]()),
};

/**
 * Properties that code commonly assigns on its own objects although a frozen prototype holds a
 * property of that name (`this.name = 'MyError'` in a subclass; `obj.toString = ...`): strict code
 * would throw (the "override mistake"). Each becomes an accessor that defines the property on the
 * object assigned to, and refuses to change the prototype itself.
 */
const OVERRIDABLE: readonly string[] = ['name', 'message', 'constructor', 'toString', 'valueOf'];

function enableOverride(proto: object, key: string): void {
  const desc = Object.getOwnPropertyDescriptor(proto, key);
  if (!desc || !('value' in desc) || !desc.configurable) return;
  const value: unknown = desc.value;
  Object.defineProperty(proto, key, {
    get: function getOverridable() {
      return value;
    },
    set: function setOverridable(this: unknown, next: unknown) {
      if (this === proto)
        throw new TypeError(`Cannot assign to ${key} of a frozen built-in prototype`);
      Object.defineProperty(this, key, {
        value: next,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    },
    enumerable: desc.enumerable,
    configurable: false,
  });
}

/** The prototypes whose commonly assigned properties stay assignable on their instances. */
function overridablePrototypes(g: Record<string, unknown>): object[] {
  const protos: object[] = [Object.prototype];
  for (const name of Object.getOwnPropertyNames(g)) {
    const value = g[name];
    if (typeof value === 'function' && name.endsWith('Error'))
      protos.push((value as { prototype: object }).prototype);
  }
  return protos;
}

/** Every intrinsic the realm holds: the global object's values and the hidden intrinsics. */
function roots(g: Record<string, unknown>): unknown[] {
  const found: unknown[] = [];
  for (const name of Reflect.ownKeys(g)) {
    const desc = Object.getOwnPropertyDescriptor(g, name);
    if (desc) found.push(desc.value, desc.get, desc.set);
  }
  for (const find of Object.values(HIDDEN_INTRINSICS)) {
    try {
      found.push(find());
    } catch {
      // Not in this engine (iterator helpers in Node 20).
    }
  }
  return found;
}

/**
 * Freeze everything reachable from `g` (its properties locked, itself left extensible as a
 * browser worker's global must be), after making the override-prone properties accessors.
 * Returns how many objects were frozen.
 */
export function hardenRealm(g: Record<string, unknown>): number {
  for (const proto of overridablePrototypes(g))
    for (const key of OVERRIDABLE) enableOverride(proto, key);
  const seen = new WeakSet<object>([g]);
  const queue: unknown[] = roots(g);
  let frozen = 0;
  while (queue.length > 0) {
    const value = queue.pop();
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) continue;
    if (seen.has(value)) continue;
    seen.add(value);
    Object.freeze(value);
    frozen += 1;
    queue.push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key);
      if (desc) queue.push(desc.value, desc.get, desc.set);
    }
  }
  lockGlobalProperties(g);
  return frozen;
}

/** The global object's own properties, made read-only where the platform lets them be. */
function lockGlobalProperties(g: Record<string, unknown>): void {
  for (const name of Reflect.ownKeys(g)) {
    const own = Object.getOwnPropertyDescriptor(g, name);
    // A browser worker's global has a few properties the platform will not let anyone redefine
    // (`self`, `location`); they are already neither writable nor configurable as they are.
    if (!own?.configurable) continue;
    // The whole descriptor, value included: a Node `vm` context's global would take a descriptor
    // without one as `undefined`.
    if ('value' in own)
      Object.defineProperty(g, name, { ...own, writable: false, configurable: false });
    else Object.defineProperty(g, name, { ...own, configurable: false });
  }
}
