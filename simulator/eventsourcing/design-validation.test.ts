import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatErrors, parseScenario } from '../scenario/load.ts';

/** A scenario file naming an accounts design gets errors that name the file, the line and the field. */

const crudText = readFileSync(
  new URL('../scenarios/accounts-crud-dual-write.json', import.meta.url),
  'utf8',
);
const outboxText = readFileSync(
  new URL('../scenarios/accounts-outbox.json', import.meta.url),
  'utf8',
);

function errorsOf(text: string, file: string): string {
  const result = parseScenario(text, file);
  expect(result.ok, `${file} should be invalid`).toBe(false);
  return result.ok ? '' : formatErrors(result.errors, file);
}

describe('accounts designs in scenario files', () => {
  it('both example files are valid as shipped', () => {
    expect(parseScenario(crudText).ok).toBe(true);
    expect(parseScenario(outboxText).ok).toBe(true);
  });

  it('an unknown design name is an error at /accounts/design listing the three', () => {
    const text = crudText.replace('"design": "crudDualWrite"', '"design": "crud"');
    expect(errorsOf(text, 'crud.json')).toMatch(
      /^crud\.json:\d+:\d+: error at \/accounts\/design: expected one of eventSourced, crudDualWrite, outbox, got "crud"$/m,
    );
  });

  it('a CRUD design without its handler on the commands topic says what it needs', () => {
    const text = crudText.replace(
      '"handler": "accountsCrudDualWrite"',
      '"handler": "dualWriteNaive"',
    );
    expect(errorsOf(text, 'crud.json')).toMatch(
      /^crud\.json:\d+:\d+: error at \/accounts\/design: design "crudDualWrite" needs a serverless function with handler accountsCrudDualWrite and a trigger on the commands topic "account-commands" \(functions: handleCommand \(dualWriteNaive\)\)$/m,
    );
  });

  it('an outbox without a scheduled relay is an error: nothing would publish it', () => {
    const scenario = JSON.parse(outboxText) as { serverless: { schedules: unknown[] } };
    scenario.serverless.schedules = [];
    expect(errorsOf(JSON.stringify(scenario, null, 2), 'outbox.json')).toMatch(
      /^outbox\.json:\d+:\d+: error at \/accounts\/design: design "outbox" needs a relay: a function with handler drainOutbox and a schedule that invokes it/m,
    );
  });

  it('a compare design naming an accounts design in a scenario without accounts is an error at its path', () => {
    const scenario = JSON.parse(crudText) as Record<string, unknown>;
    delete scenario.accounts;
    scenario.designs = [
      { name: 'crud', accountsDesign: 'crudDualWrite', output: { topic: 'account-events' } },
    ];
    expect(errorsOf(JSON.stringify(scenario, null, 2), 'c.json')).toMatch(
      /error at \/designs\/0\/accountsDesign: the scenario has no "accounts" part whose commands this design handles/,
    );
  });

  it('a crash of the processor is refused in a design that has none', () => {
    const scenario = JSON.parse(crudText) as { faults: unknown[] };
    scenario.faults.push({ at: 100, kind: 'crash', target: 'accounts-1' });
    expect(errorsOf(JSON.stringify(scenario, null, 2), 'crud.json')).toMatch(/\/faults\/1\/target/);
  });
});
