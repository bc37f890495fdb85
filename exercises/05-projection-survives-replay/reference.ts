import type {
  FunctionEvent,
  HandlerContext,
  HandlerGenerator,
} from '../../simulator/serverless/handler-api.ts';

/** An account event, as `account-events` carries it. */
interface AccountEvent {
  type: string;
  account: string;
  amount?: number;
}

const CHANGE: Record<string, number> = {
  MoneyDeposited: 1,
  TransferCredited: 1,
  TransferRefunded: 1,
  MoneyWithdrawn: -1,
  TransferDebited: -1,
};

/**
 * The position lives in the row it describes: each account's item keeps the offset of the last
 * event folded into it (an account's events are all in one partition, so one offset says where it
 * stands). An event at or below that offset was applied already — a redelivered batch, or a second
 * mapping replaying from offset zero — and is skipped. The new row and its position are one
 * conditional write (the version read), so a crash leaves both or neither, and of two writers
 * racing on one account the second reads again.
 */
export function* project(event: FunctionEvent, ctx: HandlerContext): HandlerGenerator {
  for (const record of event.records) {
    const e = record.value as unknown as AccountEvent;
    for (;;) {
      const row = yield* ctx.db.get('balances', e.account);
      if (row && typeof row.position === 'number' && row.position >= record.offset) break;
      const balance =
        ((row?.balance as number | undefined) ?? 0) + (CHANGE[e.type] ?? 0) * (e.amount ?? 0);
      const events = ((row?.events as number | undefined) ?? 0) + 1;
      const item = { balance, events, position: record.offset };
      try {
        yield* ctx.db.put(
          'balances',
          e.account,
          item,
          row ? { expectedVersion: row.version } : { ifNotExists: true },
        );
        break;
      } catch (error) {
        // Another writer moved the row since it was read: read it again.
        if ((error as { code?: string }).code !== 'ConditionalCheckFailedException') throw error;
      }
    }
  }
}
