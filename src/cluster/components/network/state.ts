/**
 * What the simulated data plane remembers between events: the rules each
 * node's kube-proxy last programmed (traffic walks exactly those, so a packet
 * sent before kube-proxy caught up sees the old rules, as in a real cluster).
 * Kept per World in a WeakMap so that the core World type stays untouched and
 * two simulations never share state.
 */
import type { ProxyRules } from '../../core/network/index.ts';
import type { World } from '../world.ts';

export interface NetState {
  /** Node name → the rules its kube-proxy programmed last. */
  rules: Map<string, ProxyRules>;
  /** `<step>|<node>`: the full rule text was already put into a trace detail in this step. */
  detailShown: Set<string>;
}

const states = new WeakMap<World, NetState>();

export function netState(w: World): NetState {
  let s = states.get(w);
  if (!s) states.set(w, (s = { rules: new Map(), detailShown: new Set() }));
  return s;
}
