import { api, must } from '../../api/client';
import { useLoad } from '../../ui';

/** A plan cycle as the API gives it (the plan editor and the review meeting both start from one). */
export const useCycle = (schoolId: string, cycleId: string) =>
  useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/plan-cycles/{cycleId}', { params: { path: { schoolId, cycleId } } })), [cycleId]);
