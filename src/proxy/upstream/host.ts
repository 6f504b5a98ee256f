/** One upstream endpoint with its health flags and per-host stats (as /clusters shows them). */
import type { EndpointConfig } from '../config/model.js';

export class Host {
  readonly key: string;
  /** Health from EDS; UNHEALTHY hosts are skipped. */
  edsHealth: EndpointConfig['health'];
  weight: number;
  locality: EndpointConfig['locality'];
  failedActiveHc = false;
  /** Ejected by outlier detection until this time (ms since epoch), 0 when not ejected. */
  ejectedUntil = 0;
  ejectionCount = 0;
  consecutive5xx = 0;
  consecutiveGatewayFailure = 0;
  cxActive = 0;
  cxTotal = 0;
  cxConnectFail = 0;
  rqActive = 0;
  rqTotal = 0;
  rqSuccess = 0;
  rqError = 0;
  rqTimeout = 0;

  constructor(readonly address: string, readonly port: number, ep: EndpointConfig) {
    this.key = `${address}:${port}`;
    this.edsHealth = ep.health;
    this.weight = ep.weight;
    this.locality = ep.locality;
  }

  get ejected(): boolean {
    return this.ejectedUntil !== 0;
  }

  /** Usable for new requests. */
  get healthy(): boolean {
    return this.edsHealth !== 'UNHEALTHY' && this.edsHealth !== 'DRAINING' && this.edsHealth !== 'TIMEOUT' && !this.failedActiveHc && this.ejectedUntil === 0;
  }

  /** Envoy's /clusters health_flags text. */
  healthFlags(): string {
    const flags: string[] = [];
    if (this.failedActiveHc) flags.push('/failed_active_hc');
    if (this.ejectedUntil !== 0) flags.push('/failed_outlier_check');
    if (this.edsHealth === 'UNHEALTHY' || this.edsHealth === 'DRAINING' || this.edsHealth === 'TIMEOUT') flags.push('/failed_eds_health');
    return flags.length === 0 ? 'healthy' : flags.join('');
  }
}
