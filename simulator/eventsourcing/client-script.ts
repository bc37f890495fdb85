import type { Prng } from '../core/prng.ts';
import type { ClientCommand } from './domain.ts';
import type { ClientSpec } from './schema.ts';

/**
 * What a client will ask for, drawn from its own random stream: open each of its accounts, then
 * `commands` deposits, withdrawals and (when it has accounts to send to) transfers. Withdrawals and
 * transfers are drawn as often as deposits, so some fail for lack of funds and the invariant is
 * tested, not assumed.
 */
export function clientScript(spec: ClientSpec, prng: Prng, idPrefix: string): ClientCommand[] {
  const script: ClientCommand[] = [];
  const id = () => `${idPrefix}${script.length + 1}`;
  for (const account of spec.accounts) script.push({ type: 'open', commandId: id(), account });
  const kinds = spec.transferTo.length > 0 ? 3 : 2;
  for (let i = 0; i < spec.commands; i++) {
    const account = spec.accounts[prng.int(spec.accounts.length)];
    const amount = prng.between(1, spec.maxAmount);
    const kind = prng.int(kinds);
    if (kind === 0) script.push({ type: 'deposit', commandId: id(), account, amount });
    else if (kind === 1) script.push({ type: 'withdraw', commandId: id(), account, amount });
    else {
      const to = spec.transferTo[prng.int(spec.transferTo.length)];
      script.push({ type: 'transfer', commandId: id(), account, to, amount });
    }
  }
  return script;
}
