/**
 * TLS shapes (API 2019-01-25): listener TLS (what a proxy serves) and client policy TLS (what it
 * presents and trusts when it calls a backend). Virtual nodes and virtual gateways share the shapes;
 * the API's `VirtualGateway*` copies are identical member for member.
 */
import * as z from 'zod';
import { boundedList, boundedString, exactlyOne, oneOfValues } from './schema-kit.js';
import { PortNumber } from './shared.js';

const FilePath = boundedString(1, 255);
const Arn = boundedString(1);
const SdsSecretName = boundedString(1);

const FileCertificate = z.strictObject({ certificateChain: FilePath, privateKey: FilePath });
const SdsCertificate = z.strictObject({ secretName: SdsSecretName });
const AcmCertificate = z.strictObject({ certificateArn: Arn });

const FileTrust = z.strictObject({ certificateChain: FilePath });
const SdsTrust = z.strictObject({ secretName: SdsSecretName });
const AcmTrust = z.strictObject({ certificateAuthorityArns: boundedList(Arn, 1, 3) });

export const SubjectAlternativeNames = z.strictObject({
  match: z.strictObject({ exact: z.array(boundedString(1, 254)) }),
});
export type SubjectAlternativeNames = z.infer<typeof SubjectAlternativeNames>;

export const LISTENER_TLS_MODES = ['STRICT', 'PERMISSIVE', 'DISABLED'] as const;

/** ListenerTls: mode, certificate (acm | file | sds), optional validation of client certificates (file | sds). */
export const ListenerTls = z.strictObject({
  certificate: exactlyOne({ acm: AcmCertificate, file: FileCertificate, sds: SdsCertificate }),
  mode: oneOfValues(LISTENER_TLS_MODES),
  validation: z.optional(
    z.strictObject({
      subjectAlternativeNames: z.optional(SubjectAlternativeNames),
      trust: exactlyOne({ file: FileTrust, sds: SdsTrust }),
    }),
  ),
});
export type ListenerTls = z.infer<typeof ListenerTls>;

/** ClientPolicy { tls { enforce (default true), ports, certificate (file | sds), validation { trust (acm | file | sds), subjectAlternativeNames } } }. */
export const ClientPolicy = z.strictObject({
  tls: z.optional(
    z.strictObject({
      certificate: z.optional(exactlyOne({ file: FileCertificate, sds: SdsCertificate })),
      enforce: z.optional(z.boolean()),
      ports: z.optional(z.array(PortNumber)),
      validation: z.strictObject({
        subjectAlternativeNames: z.optional(SubjectAlternativeNames),
        trust: exactlyOne({ acm: AcmTrust, file: FileTrust, sds: SdsTrust }),
      }),
    }),
  ),
});
export type ClientPolicy = z.infer<typeof ClientPolicy>;

export const BackendDefaults = z.strictObject({ clientPolicy: z.optional(ClientPolicy) });
export type BackendDefaults = z.infer<typeof BackendDefaults>;
