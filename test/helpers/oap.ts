import { TenantTransactions } from '#libs/database';
import type { TestApi } from './api.js';
import { bearer, daysAgo } from './register.js';

/** A version no test imports, so the probe framework never clashes with one a test imports for the same LA. */
const PROBE_VERSION = 900;

/**
 * Gives the ordinarily available provision tables rows for one pupil: a platform framework for the school's LA
 * (made once, whatever the number of callers, at a version no test imports), then an in-class adjustment under
 * one of its codes and a "not applicable" mark on another, and the school's own offer, through the API as the SENCO.
 */
export async function populateOap(api: TestApi, token: string, schoolId: string, pupilId: string): Promise<void> {
  await new TenantTransactions(api.dataSource).run({ schoolIds: [], platformAdmin: true }, async (m) => {
    const [school] = await m.query<{ la_code: string }[]>(`select la_code from schools where id = $1`, [schoolId]);
    await m.query(
      `insert into oap_frameworks (la_code, name, version, effective_from, source_citation, scale)
       values ($1, 'Probe framework', $2, '2999-01-01', 'Written for the tests', '{}') on conflict (la_code, version) do nothing`,
      [school!.la_code, PROBE_VERSION],
    );
    await m.query(
      `insert into oap_expectations (framework_id, position, code, area_of_need, text, evidence_kind)
       select f.id, x.position, x.code, 'communication_and_interaction', 'Probe expectation', 'adjustment'
         from oap_frameworks f, (values (0, 'PROBE-1'), (1, 'PROBE-2')) as x(position, code)
        where f.la_code = $1 and f.version = $2 on conflict (framework_id, code) do nothing`,
      [school!.la_code, PROBE_VERSION],
    );
  });
  const s = `/v1/schools/${schoolId}/pupils/${pupilId}`;
  const adjustment = await api
    .http()
    .post(`${s}/oap-adjustments`)
    .set(bearer(token))
    .send({ expectationCode: 'PROBE-1', description: 'Instructions one step at a time', startedOn: daysAgo(10) });
  if (adjustment.status !== 201) throw new Error(`recording an adjustment failed: ${JSON.stringify(adjustment.body)}`);
  const mark = await api.http().put(`${s}/oap-not-applicable`).set(bearer(token)).send({ expectationCode: 'PROBE-2', reason: 'Probe: does not apply' });
  if (mark.status !== 200) throw new Error(`marking not applicable failed: ${JSON.stringify(mark.body)}`);
  // The school's own offer: one expectation, of an area the probe pupils' needs do not name.
  const offer = await api
    .http()
    .put(`/v1/schools/${schoolId}/oap-offer`)
    .set(bearer(token))
    .send({ expectations: [{ code: 'OWN-PROBE', areaOfNeed: 'sensory_and_physical', text: 'Probe: seating near the board', evidence: 'adjustment' }] });
  if (offer.status !== 200) throw new Error(`saving the school's offer failed: ${JSON.stringify(offer.body)}`);
}
