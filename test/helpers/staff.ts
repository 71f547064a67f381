import { randomUUID } from 'node:crypto';
import { addMember } from '#libs/testing';
import type { TestApi } from './api.js';

/** A member of staff who left (a staff_leavers row), through the API as the SENCO. */
export async function populateStaff(api: TestApi, token: string, schoolId: string): Promise<{ leaverId: string }> {
  const leaver = await addMember(api.dataSource, schoolId, 'teacher');
  const res = await api.http().post(`/v1/schools/${schoolId}/staff-directory/${leaver.id}/leave`).set('authorization', `Bearer ${token}`);
  if (res.status !== 204) throw new Error(`marking a leaver failed: ${JSON.stringify(res.body)}`);
  return { leaverId: leaver.id };
}

/**
 * A staff import dry run and its commit through the API as the SENCO (staff_import_batches and
 * pending_staff_classes get rows): one new teacher of class 4B, invited; and a saved staff mapping
 * (an import_mappings row of kind 'staff').
 */
export async function populateStaffImport(api: TestApi, token: string, schoolId: string): Promise<{ staffImportId: string; staffMappingId: string }> {
  const csv = `Name,Email,Role,Classes\nNew Teacher,imported-${randomUUID().slice(0, 8)}@test.invalid,Teacher,4B\n`;
  const url = `/v1/schools/${schoolId}/staff-imports`;
  const dry = await api.http().post(url).set('authorization', `Bearer ${token}`).set('content-type', 'text/csv').send(csv);
  if (dry.status !== 200) throw new Error(`staff import dry run failed: ${JSON.stringify(dry.body)}`);
  const staffImportId = dry.body.importId as string;
  const applied = await api.http().post(`${url}/${staffImportId}/commit`).set('authorization', `Bearer ${token}`).set('content-type', 'text/csv').send(csv);
  if (applied.status !== 200) throw new Error(`staff import commit failed: ${JSON.stringify(applied.body)}`);
  const mapping = await api
    .http()
    .post(`/v1/schools/${schoolId}/staff-import-mappings`)
    .set('authorization', `Bearer ${token}`)
    .send({ name: 'our-staff-list', columns: { email: 'Work Email', role: 'Post', fullName: 'Staff Name', classes: 'Groups' }, classLayout: 'cell' });
  if (mapping.status !== 201) throw new Error(`saving a staff mapping failed: ${JSON.stringify(mapping.body)}`);
  return { staffImportId, staffMappingId: mapping.body.id as string };
}
