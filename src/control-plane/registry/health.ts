/**
 * Instance health as Cloud Map reports it. Pure.
 * - Services with HealthCheckCustomConfig: the status last set by UpdateInstanceCustomHealthStatus,
 *   starting from AWS_INIT_HEALTH_STATUS (HEALTHY by default). Changes apply at once (AWS applies them
 *   after about 30 seconds).
 * - Services with HealthCheckConfig (Route 53 checks): Meshwork performs no Route 53 checks, so these
 *   instances report HEALTHY.
 * - Services without a health check: UNKNOWN, and they count as healthy everywhere.
 */
import type { HealthStatus, InstanceRecord, ServiceRecord } from './model.js';

export function instanceHealth(service: Pick<ServiceRecord, 'HealthCheckConfig' | 'HealthCheckCustomConfig'>, instance: InstanceRecord): HealthStatus {
  if (service.HealthCheckCustomConfig) return instance.customHealth;
  if (service.HealthCheckConfig) return 'HEALTHY';
  return 'UNKNOWN';
}

export function hasHealthCheck(service: Pick<ServiceRecord, 'HealthCheckConfig' | 'HealthCheckCustomConfig'>): boolean {
  return service.HealthCheckConfig !== undefined || service.HealthCheckCustomConfig !== undefined;
}

/** UNKNOWN counts as healthy: instances without a health check are always served. */
export function countsAsHealthy(status: HealthStatus): boolean {
  return status !== 'UNHEALTHY';
}
