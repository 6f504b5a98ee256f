/** Small helpers that set up Cloud Map state through the SDK, as a user would. */
import assert from 'node:assert/strict';
import {
  CreateHttpNamespaceCommand,
  CreatePrivateDnsNamespaceCommand,
  CreateServiceCommand,
  GetOperationCommand,
  RegisterInstanceCommand,
  type CreateServiceCommandInput,
  type ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';

export async function succeeded(client: ServiceDiscoveryClient, operationId: string | undefined): Promise<Record<string, string>> {
  const { Operation } = await client.send(new GetOperationCommand({ OperationId: operationId }));
  assert.equal(Operation?.Status, 'SUCCESS');
  return Operation?.Targets ?? {};
}

export async function privateNamespace(client: ServiceDiscoveryClient, name: string): Promise<string> {
  const { OperationId } = await client.send(new CreatePrivateDnsNamespaceCommand({ Name: name, Vpc: 'vpc-test' }));
  return (await succeeded(client, OperationId)).NAMESPACE!;
}

export async function httpNamespace(client: ServiceDiscoveryClient, name: string): Promise<string> {
  const { OperationId } = await client.send(new CreateHttpNamespaceCommand({ Name: name }));
  return (await succeeded(client, OperationId)).NAMESPACE!;
}

export async function service(client: ServiceDiscoveryClient, input: CreateServiceCommandInput): Promise<string> {
  const { Service } = await client.send(new CreateServiceCommand(input));
  return Service!.Id!;
}

export async function register(client: ServiceDiscoveryClient, serviceId: string, instanceId: string, attributes: Record<string, string>): Promise<void> {
  const { OperationId } = await client.send(new RegisterInstanceCommand({ ServiceId: serviceId, InstanceId: instanceId, Attributes: attributes }));
  await succeeded(client, OperationId);
}
