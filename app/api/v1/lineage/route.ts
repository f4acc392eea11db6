// OpenLineage events (Marquez's endpoint): lib/http/openlineage.ts handles them.
import { handleOpenLineageRequest } from '@/lib/http/openlineage.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const { POST, GET } = { POST: handleOpenLineageRequest, GET: handleOpenLineageRequest };
