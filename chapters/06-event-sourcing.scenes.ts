import type { SceneScript } from '../site/lib/chapter/scenes.ts';

/**
 * The scenes of chapter 6: the bank accounts CRUD-style, whose dual write loses events
 * (`accounts-crud-dual-write`), and with the transactional outbox that loses none but publishes
 * some twice (`accounts-outbox`); the bank
 * accounts event-sourced in a Kafka Streams processor (`accounts-event-sourced`), a read model
 * rebuilt from offset zero (`accounts-cqrs-rebuild`) and the retention trap
 * (`accounts-retention-trap`), and the changelog as a snapshot (`accounts-snapshot`, compared with
 * `accounts-snapshot-refold`, the same run without it). `06-event-sourcing.test.ts` checks that every scene lands where its
 * narration says.
 */
const es = 'accounts-event-sourced';

export const scenes: SceneScript[] = [
  {
    n: 1,
    title: 'The dual write',
    scenario: 'accounts-crud-dual-write',
    position: { after: { type: 'function.failed', invocationId: 'handleCommand:6' } },
    view: 'serverless',
  },
  {
    n: 2,
    title: 'The outbox',
    scenario: 'accounts-outbox',
    position: { violation: 'eventsAppendedOnce' },
    view: 'log',
  },
  {
    n: 3,
    title: 'A command, an event, a state',
    scenario: es,
    position: { after: { type: 'command.accepted', commandId: 'bob-2' } },
    view: 'log',
  },
  {
    n: 4,
    title: 'Refused, and nothing written',
    scenario: es,
    position: { after: { type: 'command.rejected', reason: 'insufficientFunds' } },
    view: 'log',
  },
  {
    n: 5,
    title: 'A crash, and the state restored',
    scenario: es,
    position: { after: { type: 'task.restored', instance: 'accounts-2', task: '0_0' } },
    view: 'processor',
    actor: 'accounts-1',
  },
  {
    n: 6,
    title: 'State rebuilt from offset zero',
    scenario: 'accounts-cqrs-rebuild',
    position: { after: { type: 'projection.switched' } },
    view: 'readModels',
  },
  {
    n: 7,
    title: 'The retention trap',
    scenario: 'accounts-retention-trap',
    position: { violation: 'readModelMatchesFold' },
    view: 'readModels',
  },
  {
    n: 8,
    title: 'Snapshots',
    scenario: 'accounts-snapshot',
    position: { after: { type: 'task.restored', instance: 'accounts-2', task: '0_0' } },
    view: 'log',
  },
  {
    n: 9,
    title: 'Free play',
    scenario: es,
    position: { start: true },
    view: 'readModels',
    actor: 'accounts-1',
  },
];
