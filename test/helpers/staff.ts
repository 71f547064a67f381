import { addMember } from '#libs/testing';
import type { TestApi } from './api.js';

/** A member of staff who left (a staff_leavers row), through the API as the SENCO. */
export async function populateStaff(api: TestApi, token: string, schoolId: string): Promise<{ leaverId: string }> {
  const leaver = await addMember(api.dataSource, schoolId, 'teacher');
  const res = await api.http().post(`/v1/schools/${schoolId}/staff-directory/${leaver.id}/leave`).set('authorization', `Bearer ${token}`);
  if (res.status !== 204) throw new Error(`marking a leaver failed: ${JSON.stringify(res.body)}`);
  return { leaverId: leaver.id };
}
