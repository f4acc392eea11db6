// MLflow REST API 2.0: every endpoint is dispatched by lib/http/mlflow/router.ts.
import { mlflowRouteHandlers } from '@/lib/http/mlflow/router.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const { GET, POST, PUT, PATCH, DELETE } = mlflowRouteHandlers;
