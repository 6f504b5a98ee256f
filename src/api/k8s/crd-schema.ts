/**
 * Structural schemas of the manifests Meshwork accepts, after the `appmesh.k8s.aws/v1beta2` CRDs:
 * required fields, types and the webhook's "exactly one of" rules. Value ranges of fields that go to
 * App Mesh are checked once more by the resource manager against the API model. Unknown fields are
 * dropped, as the API server's structural pruning drops them; `validate.ts` reports them as warnings.
 */
import { z } from 'zod';

const str = z.string().min(1);
const labels = z.record(z.string(), z.string());

export const labelSelector = z.object({
  matchLabels: labels.optional(),
  matchExpressions: z
    .array(z.object({ key: str, operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).optional() }))
    .optional(),
});

export const objectMeta = z.object({
  name: str,
  namespace: str.optional(),
  labels: labels.optional(),
  annotations: labels.optional(),
});

const reference = z.object({ name: str, namespace: str.optional() });

/** An object holding `<ref>: {name, namespace?}` or `<arn>: "arn:..."` (exactly one), plus `extra` fields. */
function refOrArn(refKey: string, arnKey: string, extra: Record<string, z.ZodType> = {}) {
  return z.object({ [refKey]: reference.optional(), [arnKey]: str.optional(), ...extra }).superRefine(oneOf([refKey, arnKey]));
}

/** Exactly one of the given members is set. */
function oneOf(members: readonly string[]) {
  return (v: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const set = members.filter((m) => v[m] !== undefined);
    if (set.length !== 1) ctx.addIssue({ code: 'custom', message: `exactly one of ${members.join(', ')} is required${set.length > 1 ? ` (found ${set.join(', ')})` : ''}` });
  };
}

const loose = z.record(z.string(), z.unknown());
const portMapping = z.object({ port: z.number().int(), protocol: z.enum(['grpc', 'http', 'http2', 'tcp']) });
const listener = z.object({
  portMapping,
  healthCheck: loose.optional(),
  outlierDetection: loose.optional(),
  connectionPool: loose.optional(),
  tls: loose.optional(),
  timeout: loose.optional(),
});
const clientPolicy = loose;

const weightedTarget = refOrArn('virtualNodeRef', 'virtualNodeARN', { weight: z.number().int(), port: z.number().int().optional() });
const routeAction = z.object({ weightedTargets: z.array(weightedTarget).min(1) });
const httpRoute = z.object({ match: loose, action: routeAction, retryPolicy: loose.optional(), timeout: loose.optional() });
const route = z
  .object({
    name: str,
    priority: z.number().int().optional(),
    httpRoute: httpRoute.optional(),
    http2Route: httpRoute.optional(),
    grpcRoute: z.object({ match: loose, action: routeAction, retryPolicy: loose.optional(), timeout: loose.optional() }).optional(),
    tcpRoute: z.object({ match: loose.optional(), action: routeAction, timeout: loose.optional() }).optional(),
  })
  .superRefine(oneOf(['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute']));

const gatewayTarget = z.object({ virtualService: refOrArn('virtualServiceRef', 'virtualServiceARN'), port: z.number().int().optional() });
const gatewayHttpRoute = z.object({ match: loose, action: z.object({ target: gatewayTarget, rewrite: loose.optional() }) });

export const SPEC_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  Mesh: z.object({
    awsName: str.optional(),
    namespaceSelector: labelSelector.optional(),
    egressFilter: z.object({ type: z.enum(['ALLOW_ALL', 'DROP_ALL']) }).optional(),
    meshOwner: str.optional(),
    meshServiceDiscovery: z.object({ ipPreference: z.enum(['IPv4_ONLY', 'IPv6_ONLY']).optional() }).optional(),
  }),
  VirtualNode: z
    .object({
      awsName: str.optional(),
      podSelector: labelSelector.optional(),
      listeners: z.array(listener).optional(),
      serviceDiscovery: z
        .object({
          dns: z.object({ hostname: str, responseType: z.enum(['ENDPOINTS', 'LOADBALANCER']).optional() }).optional(),
          awsCloudMap: z
            .object({ namespaceName: str, serviceName: str, attributes: z.array(z.object({ key: str, value: str })).optional() })
            .optional(),
        })
        .superRefine(oneOf(['dns', 'awsCloudMap']))
        .optional(),
      backends: z.array(z.object({ virtualService: refOrArn('virtualServiceRef', 'virtualServiceARN', { clientPolicy: clientPolicy.optional() }) })).optional(),
      backendGroups: z.array(reference).optional(),
      backendDefaults: z.object({ clientPolicy: clientPolicy.optional() }).optional(),
      logging: loose.optional(),
    })
    .superRefine((v, ctx) => {
      if (v.listeners !== undefined && v.listeners.length > 0 && v.serviceDiscovery === undefined)
        ctx.addIssue({ code: 'custom', path: ['serviceDiscovery'], message: 'required when listeners are set' });
    }),
  VirtualService: z.object({
    awsName: str.optional(),
    provider: z
      .object({
        virtualNode: refOrArn('virtualNodeRef', 'virtualNodeARN').optional(),
        virtualRouter: refOrArn('virtualRouterRef', 'virtualRouterARN').optional(),
      })
      .superRefine(oneOf(['virtualNode', 'virtualRouter']))
      .optional(),
  }),
  VirtualRouter: z
    .object({ awsName: str.optional(), listeners: z.array(z.object({ portMapping })).min(1), routes: z.array(route).optional() })
    .superRefine((v, ctx) => {
      const seen = new Map<string, number>();
      (v.routes ?? []).forEach((r, i) => {
        const first = seen.get(r.name);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['routes', i, 'name'], message: `duplicate route name "${r.name}" (also routes[${first}])` });
        else seen.set(r.name, i);
      });
    }),
  VirtualGateway: z.object({
    awsName: str.optional(),
    namespaceSelector: labelSelector.optional(),
    podSelector: labelSelector.optional(),
    gatewayRouteSelector: labelSelector.optional(),
    listeners: z.array(z.object({ portMapping, healthCheck: loose.optional(), connectionPool: loose.optional(), tls: loose.optional() })).min(1),
    logging: loose.optional(),
    backendDefaults: loose.optional(),
  }),
  GatewayRoute: z
    .object({
      awsName: str.optional(),
      priority: z.number().int().optional(),
      httpRoute: gatewayHttpRoute.optional(),
      http2Route: gatewayHttpRoute.optional(),
      grpcRoute: z.object({ match: loose, action: z.object({ target: gatewayTarget, rewrite: loose.optional() }) }).optional(),
    })
    .superRefine(oneOf(['httpRoute', 'http2Route', 'grpcRoute'])),
  Service: z.object({
    selector: labels.optional(),
    ports: z.array(z.object({ port: z.number().int(), name: z.string().optional(), protocol: z.string().optional(), targetPort: z.union([z.number(), z.string()]).optional() }).passthrough()).optional(),
  }).passthrough(),
  Namespace: loose,
  Deployment: loose,
};
