/**
 * kube-proxy of one node: watches Services and EndpointSlices and
 * reprograms the node's packet filter (iptables / IPVS / nftables rules) when
 * they change. The rules are built and recorded by ./proxy-sync.ts;
 * traffic steps walk them (traffic/).
 */
import type { WatchEvent } from '../../apiserver/types.ts';
import { LATENCY } from '../../kernel/clock.ts';
import type { World } from '../world.ts';
import type { ProxyMode } from '../../../scenario/types.ts';
import { syncProxyRules } from './proxy-sync.ts';
import { asService } from '../../core/typed.ts';

export class KubeProxy {
  readonly id: string;
  private pending: string | null = null;

  constructor(
    private readonly w: World,
    readonly node: string,
    private readonly mode: string,
  ) {
    this.id = `kube-proxy@${node}`;
    w.rec.addComponent({ id: this.id, kind: 'kube-proxy', name: 'kube-proxy', host: node, group: 'node' });
    w.api.watch({
      component: this.id,
      kinds: ['Service', 'EndpointSlice'],
      // The default `kubernetes` Service and headless/ExternalName services program nothing new here.
      filter: (o) => !(o.kind === 'Service' && (o.metadata.name === 'kubernetes' || asService(o).spec?.type === 'ExternalName')),
      handler: (e) => this.onChange(e),
    });
  }

  /** Changes are coalesced into one rule sync (kube-proxy's minSyncPeriod). */
  private onChange(e: WatchEvent): void {
    const first = this.pending === null;
    this.pending = e.cause;
    if (!first) return;
    this.w.clock.after(LATENCY.iptables, () => {
      const cause = this.pending!;
      this.pending = null;
      // The rules themselves (and the trace action) come from the networking wiring.
      syncProxyRules(this.w, this.id, this.node, this.mode as ProxyMode, cause);
    });
  }
}
