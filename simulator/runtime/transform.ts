import type { TransformStep } from '../scenario/transactional-client-schema.ts';
import { predicate, valueMapper } from '../streams/spec/builtins.ts';
import type { Transform } from './transactional-client.ts';

/** A transactional client's transform from its steps: each record through them in order, or dropped. */
export function compileTransform(steps: readonly TransformStep[]): Transform {
  const fns = steps.map((step): Transform => {
    switch (step.op) {
      case 'filter': {
        const accepts = predicate(step.predicate);
        return (key, value) => (accepts(key, value) ? { key, value } : null);
      }
      case 'filterNot': {
        const accepts = predicate(step.predicate);
        return (key, value) => (accepts(key, value) ? null : { key, value });
      }
      case 'mapValues': {
        const map = valueMapper(step.mapper);
        return (key, value) => ({ key, value: map(value, key) });
      }
    }
  });
  return (key, value) => {
    let out: ReturnType<Transform> = { key, value };
    for (const fn of fns) {
      out = fn(out.key, out.value);
      if (out === null) return null;
    }
    return out;
  };
}
