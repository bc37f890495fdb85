import type { SceneScript } from '../site/lib/chapter/scenes.ts';

/**
 * The scenes of chapter 7: three read models of one events topic (`accounts-cqrs-rebuild`), a stale
 * read and the consistency token that prevents it (`accounts-read-your-writes`), and a fold's bug
 * fixed by a rebuild from offset zero while the old version serves (`accounts-cqrs-rebuild`), and
 * read models in three homes, a reader's memory, a database table a function writes and a Kafka
 * Streams table queried with interactive queries, refused while it restores
 * (`accounts-read-model-homes`).
 * `07-cqrs-and-derived-views.test.ts` checks that every scene lands where its narration says.
 */
const cqrs = 'accounts-cqrs-rebuild';
const ryw = 'accounts-read-your-writes';
const homes = 'accounts-read-model-homes';

export const scenes: SceneScript[] = [
  {
    n: 1,
    title: 'Three read models, one log',
    scenario: cqrs,
    position: {
      after: { type: 'projection.applied', readModel: 'balances', partition: 0, offset: 15 },
    },
    view: 'readModels',
  },
  {
    n: 2,
    title: 'A stale read',
    scenario: ryw,
    position: { violation: 'readYourWrites' },
    view: 'readModels',
  },
  {
    n: 3,
    title: 'The consistency token',
    scenario: ryw,
    position: { after: { type: 'query.answered', client: 'bob' }, nth: 2 },
    view: 'readModels',
  },
  {
    n: 4,
    title: 'A bug in a fold',
    scenario: cqrs,
    position: { atMs: 1199 },
    view: 'readModels',
  },
  {
    n: 5,
    title: 'Rebuilt while the old one serves',
    scenario: cqrs,
    position: { after: { type: 'projection.applied', readModel: 'balances@v2' }, nth: 8 },
    view: 'readModels',
  },
  {
    n: 6,
    title: 'The switch',
    scenario: cqrs,
    position: { after: { type: 'projection.switched' } },
    view: 'readModels',
  },
  {
    n: 7,
    title: 'Three homes for a read model',
    scenario: homes,
    position: {
      after: { type: 'projection.applied', readModel: 'balances', partition: 1, offset: 2 },
    },
    view: 'readModels',
  },
  {
    n: 8,
    title: 'Interactive queries refused during a restore',
    scenario: homes,
    position: { after: { type: 'query.answered', outcome: 'unavailable' } },
    view: 'readModels',
  },
  {
    n: 9,
    title: 'Free play',
    scenario: ryw,
    position: { start: true },
    view: 'readModels',
    actor: 'reader-1',
  },
];
