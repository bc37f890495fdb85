import type { Json } from '../core/types.ts';
import { builtinReach } from '../statefun/functions.ts';
import type { SemanticReport } from './load-checks.ts';
import { isObj, list } from './raw-json.ts';

/**
 * The cross-field checks of one stateful-functions application: every name it uses must refer to
 * something declared, so that what validates also runs. An ingress routes to a declared function
 * type; egress topics are declared topics; a function emits only to a declared egress and messages
 * only declared types.
 */
export function checkStatefulFunctions(
  app: unknown,
  path: string,
  report: SemanticReport,
  checkTopic: (topic: unknown, path: string) => boolean,
): void {
  if (!isObj(app)) return;
  const types = declaredTypes(app, path, report);
  const known = [...types].join(', ') || 'none';
  list(app.ingress).forEach((ingress, i) => {
    if (!isObj(ingress)) return;
    checkTopic(ingress.topic, `${path}/ingress/${i}/topic`);
    if (typeof ingress.functionType === 'string' && !types.has(ingress.functionType)) {
      report.errors.push({
        path: `${path}/ingress/${i}/functionType`,
        message: `unknown function type "${ingress.functionType}" (declared: ${known})`,
      });
    }
  });
  const egress = new Set<string>();
  list(app.egress).forEach((topic, j) => {
    if (typeof topic === 'string') egress.add(topic);
    checkTopic(topic, `${path}/egress/${j}`);
  });
  list(app.functions).forEach((fn, k) => {
    if (!isObj(fn) || typeof fn.builtin !== 'string') return;
    const params = isObj(fn.params) ? (fn.params as Record<string, Json>) : {};
    const reach = builtinReach(fn.builtin, params);
    const at = `${path}/functions/${k}`;
    for (const topic of reach.emits) {
      if (egress.has(topic)) continue;
      report.errors.push({
        path: 'output' in params ? `${at}/params/output` : `${at}/builtin`,
        message: `${fn.builtin} emits to "${topic}", which is not among this application's egress topics (${[...egress].join(', ') || 'none'})`,
      });
    }
    for (const type of reach.sendsTo) {
      if (types.has(type)) continue;
      report.errors.push({
        path: 'type' in params ? `${at}/params/type` : `${at}/builtin`,
        message: `${fn.builtin} sends to function type "${type}", which is not declared (declared: ${known})`,
      });
    }
  });
}

/** The declared function types; a type declared twice is an error (which code would it run?). */
function declaredTypes(app: Record<string, unknown>, path: string, report: SemanticReport) {
  const types = new Set<string>();
  list(app.functions).forEach((fn, k) => {
    if (!isObj(fn) || typeof fn.type !== 'string') return;
    if (types.has(fn.type)) {
      report.errors.push({
        path: `${path}/functions/${k}/type`,
        message: `function type "${fn.type}" is declared twice`,
      });
    }
    types.add(fn.type);
  });
  return types;
}
