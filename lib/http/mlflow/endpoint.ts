// One MLflow REST endpoint: its method and path (as in mlflow/protos/service.proto), the
// zod schema of its request, and a handler that calls use cases and returns the response
// message. The router does the rest (principal, input, errors).
import type { z } from 'zod';
import type { Principal } from '../../authz/index.ts';
import { ensureDefaultProject, DEFAULT_EXPERIMENT_ID } from '../../tracking/projects/ensure-default-project.ts';
import { clientAddressOf } from '../client-address.ts';
import { resolveTeamId } from '../resolve-team.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export type MlflowContext = {
  request: Request;
  principal: Principal;
  /** The client's address, for audit events. */
  clientAddress: string | null;
  /** The team the call acts in (see resolveTeamId); resolved on first use. */
  teamId(): Promise<string>;
  /** A wire experiment id as a project id: "0" is the team's Default project. */
  projectId(experimentId: string): Promise<string | bigint>;
};

export type Endpoint = {
  method: HttpMethod;
  /** Path under /api/2.0/mlflow/, e.g. "runs/log-batch"; `{name}` segments are path parameters, merged into the input. */
  path: string;
  schema: z.ZodType;
  /** Repeated fields, for GET query strings. */
  listKeys?: readonly string[];
  handle(ctx: MlflowContext, input: unknown): Promise<unknown>;
};

export function endpoint<S extends z.ZodType>(definition: {
  method: HttpMethod;
  path: string;
  schema: S;
  listKeys?: readonly string[];
  handle(ctx: MlflowContext, input: z.output<S>): Promise<unknown>;
}): Endpoint {
  return definition as Endpoint;
}

export function createContext(request: Request, principal: Principal): MlflowContext {
  let team: Promise<string> | undefined;
  const teamId = () => (team ??= resolveTeamId(principal, request));
  return {
    request,
    principal,
    clientAddress: clientAddressOf(request.headers),
    teamId,
    async projectId(experimentId) {
      if (experimentId.trim() !== DEFAULT_EXPERIMENT_ID) return experimentId;
      return (await ensureDefaultProject(principal, await teamId())).id;
    },
  };
}

/** An endpoint that calls `action` and answers with MLflow's empty response message. */
export function command<S extends z.ZodType>(
  method: HttpMethod,
  path: string,
  schema: S,
  action: (ctx: MlflowContext, input: z.output<S>) => Promise<unknown>,
): Endpoint {
  return endpoint({
    method,
    path,
    schema,
    async handle(ctx, input) {
      await action(ctx, input);
      return {};
    },
  });
}
