import fc from 'fast-check';

/**
 * Runs a fast-check property the project's way: the run's seed is printed up front, and a failure
 * reports the seed, the shrunk counterexample and the exact command that replays it
 * (`FC_SEED=… FC_PATH=… npx vitest run FILE -t "NAME"`). Setting those variables replays just that
 * case; `FC_RUNS` raises the number of runs for a long hunt.
 */
export function checkProperty<T>(
  where: { file: string; name: string },
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => void,
  options: { numRuns?: number } = {},
): void {
  checkPropertyOf(
    where,
    fc.property(arbitrary, (value) => {
      predicate(value);
    }),
    options,
  );
}

/** The same, for a property built with `fc.property(arb1, arb2, ..., predicate)`. */
export function checkPropertyOf<Ts extends unknown[]>(
  where: { file: string; name: string },
  property: fc.IProperty<Ts>,
  options: { numRuns?: number } = {},
): void {
  const replaySeed = process.env.FC_SEED;
  // Without FC_SEED, fast-check draws a fresh seed itself; it is printed below either way.
  const seed = replaySeed !== undefined ? Number(replaySeed) : undefined;
  const path = process.env.FC_PATH;
  const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : (options.numRuns ?? 30);
  const result = fc.check(property, {
    seed,
    path,
    numRuns: path !== undefined ? 1 : numRuns,
    endOnFailure: false,
  });
  console.log(
    `[property] ${where.name}: ${result.numRuns} runs, seed=${result.seed} ` +
      `(replay: FC_SEED=${result.seed} npx vitest run ${where.file} -t "${where.name}")`,
  );
  if (!result.failed) return;
  const command = `FC_SEED=${result.seed} FC_PATH=${result.counterexamplePath ?? ''} npx vitest run ${where.file} -t "${where.name}"`;
  const counterexample = JSON.stringify(result.counterexample?.[0], null, 1);
  const cause =
    result.errorInstance instanceof Error
      ? result.errorInstance.message
      : String(result.errorInstance);
  throw new Error(
    `Property failed after ${result.numRuns} run(s) (seed ${result.seed}, path ${result.counterexamplePath}).\n` +
      `Counterexample: ${counterexample}\nCause: ${cause}\nReplay: ${command}`,
  );
}
