import { $api, SEEDS_A_FORM } from '../../api/query';

/** A plan cycle as the API gives it (the plan editor and the review meeting both start from one, and are forms). */
export const useCycle = (schoolId: string, cycleId: string) =>
  $api.useQuery('get', '/v1/schools/{schoolId}/plan-cycles/{cycleId}', { params: { path: { schoolId, cycleId } } }, SEEDS_A_FORM);
