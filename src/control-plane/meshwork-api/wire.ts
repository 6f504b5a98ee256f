/**
 * The JSON shapes of Meshwork's own HTTP endpoints under `/meshwork/v1/`, which the kubectl-style CLI
 * verbs use (documented in docs/http-endpoints.md). Shared by the server module and the CLI.
 */
import type { ErrorCode, Violation } from '../../core/errors.js';
import type { K8sObject, SourceDocument } from '../../api/k8s/types.js';
import type { MutationOutcome } from '../manager/manager.js';

export const API_PREFIX = '/meshwork/v1';

export interface ApplyRequest {
  readonly documents: readonly SourceDocument[];
}

/** `acknowledged`: accepted but not acted on (a Deployment in local mode); `not-found`: nothing to delete. */
export type ObjectOutcome = MutationOutcome | 'acknowledged' | 'not-found';

export interface ObjectResult {
  /** `virtualnode.appmesh.k8s.aws/green-v1` */
  readonly object: string;
  readonly namespace?: string;
  readonly outcome: ObjectOutcome;
  readonly note?: string;
}

export interface ApplyResponse {
  readonly results: readonly ObjectResult[];
  readonly warnings: readonly string[];
}

export interface ListResponse {
  /** The kind's `Kind` (`VirtualNode`). */
  readonly kind: string;
  readonly items: readonly K8sObject[];
}

export interface DependentRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The App Mesh name (`green-v1_green`); for routes, `router/route`. */
  readonly awsName: string;
}

/** A resource owned by the described one: a router's routes, a gateway's gateway routes. */
export interface ChildRef {
  readonly kind: string;
  readonly awsName: string;
  readonly arn: string;
  /** The App Mesh resource version (1 on create, +1 per change). */
  readonly version: number;
}

export interface DescribeResponse {
  readonly object: K8sObject;
  readonly dependents: readonly DependentRef[];
  readonly children: readonly ChildRef[];
}

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly violations?: readonly Violation[] };
}
