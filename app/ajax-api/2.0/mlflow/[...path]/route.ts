// The MLflow UI and some clients call the REST API under /ajax-api; same router.
import { mlflowRouteHandlers } from '@/lib/http/mlflow/router.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const { GET, POST, PUT, PATCH, DELETE } = mlflowRouteHandlers;
