import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { bearer, daysAgo, dobFor, validUpn } from './helpers/register.js';

/** The MIS import as a SENCO uses it: dry run, fix the file, commit, re-import. */
let api: TestApi;
let s: TestSchool;
let senco: string;
let base: string;

beforeAll(async () => {
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  senco = (await api.login(s.users.senco.email)).accessToken;
  base = `/v1/schools/${s.school.id}`;
});
afterAll(() => api.close());

const HEADER =
  'UPN,Legal Forename,Legal Surname,Date of Birth,Year Group,Class,Gender,FSM,EAL,SEN Status,Primary Need,Secondary Need,SEN Start Date,EHC Plan Date,Contact 1 Forename,Contact 1 Surname,Contact 1 Relationship,Contact 1 Email';
const upload = (csv: string | Buffer, path = `${base}/imports`) => api.http().post(path).set(bearer(senco)).set('content-type', 'text/csv').send(csv);
const pupilCount = async () => (await api.http().get(`${base}/register/summary?status=N,K,E,monitoring`).set(bearer(senco))).body.total as number;

describe('dry run, then commit', () => {
  const upnA = validUpn();
  const upnB = validUpn();
  const upnC = validUpn();
  const good = [
    `${upnA},Amira,Khan,${dobFor('4')},4,4B,F,Y,Y,K,SLCN,SEMH,${daysAgo(60)},,Nadia,Khan,Mother,nadia.khan@example.test`,
    `${upnB},Ben,Okafor,${dobFor('2')},Year 2,2A,M,N,N,N,,,,,Grace,Okafor,Mum,grace.okafor@example.test`,
    // Ben's sister: the same parent email links to the one contact record rather than a copy.
    `${upnC},Chloe,Okafor,${dobFor('5')},5,5C,F,N,N,E,ASD,,${daysAgo(30)},${daysAgo(35)},Grace,Okafor,Mother,grace.okafor@example.test`,
  ];
  const bad = [
    `A801200005001,Dan,Wrong,${dobFor('3')},3,3A,M,N,N,N,,,,,,,,`,
    `${validUpn()},Eve,Legacy,${dobFor('3')},3,3A,F,N,N,S,MLD,,,,,,,`,
    `${validUpn()},Finn,Besd,${dobFor('3')},3,3A,M,N,N,K,BESD,,,,,,,`,
    `${validUpn()},Gus,Future,${daysAgo(-30)},3,3A,M,N,N,N,,,,,,,,`,
    `${upnA},Hana,Duplicate,${dobFor('4')},4,4B,F,N,N,N,,,,,,,,`,
    `${validUpn()},Ivy,Noplan,${dobFor('3')},3,3A,F,N,N,E,ASD,,${daysAgo(10)},,,,,`,
  ];

  it('reports every row, names each bad row and field, and a commit with bad rows changes nothing', async () => {
    const before = await pupilCount();
    const dry = await upload([HEADER, ...good, ...bad].join('\n'));
    expect(dry.status).toBe(200);
    expect(dry.body.summary).toEqual({ create: 3, update: 0, unchanged: 0, reject: 6 });
    const byRow = new Map<number, { action: string; errors: { field: string; message: string }[]; warnings: unknown[] }>(
      dry.body.rows.map((r: { row: number }) => [r.row, r]),
    );
    // Row 9 copies row 2's UPN: both are rejected, each naming the other.
    expect([2, 3, 4, 10].map((n) => byRow.get(n)!.action)).toEqual(['reject', 'create', 'create', 'create']);
    const errorOf = (row: number) => byRow.get(row)!.errors;
    expect(errorOf(5)).toEqual([{ field: 'UPN', message: expect.stringMatching(/check letter/) }]);
    expect(errorOf(6)).toEqual([expect.objectContaining({ field: 'SEN Status', message: expect.stringMatching(/statement/i) })]);
    expect(errorOf(7)).toEqual([expect.objectContaining({ field: 'Primary Need', message: expect.stringMatching(/BESD.*2015|2015.*BESD/s) })]);
    expect(errorOf(8)).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'Date of Birth', message: expect.stringMatching(/future/) })]));
    expect(errorOf(2)).toEqual([{ field: 'UPN', message: expect.stringMatching(/^row 9 of this file has the same UPN/) }]);
    expect(errorOf(9)).toEqual([{ field: 'UPN', message: expect.stringMatching(/^row 2 of this file has the same UPN/) }]);
    // An E pupil without a plan date is imported, the date unknown, with a warning.
    expect(byRow.get(10)!.warnings).toEqual([{ field: 'EHC Plan Date', message: expect.stringMatching(/recorded as unknown/) }]);
    expect(await pupilCount()).toBe(before);

    const commit = await upload([HEADER, ...good, ...bad].join('\n'), `${base}/imports/${dry.body.importId}/commit`);
    const problem = expectProblem(commit, 422);
    expect(problem.detail).toMatch(/6 row\(s\) were rejected, so nothing was imported/);
    expect(problem.errors).toEqual(expect.arrayContaining([{ field: 'row 5: UPN', message: expect.stringMatching(/check letter/) }]));
    expect(await pupilCount()).toBe(before);
  });

  it('commits the fixed file in full, and re-importing it changes nothing', async () => {
    const before = await pupilCount();
    const file = [HEADER, ...good].join('\r\n');
    const dry = await upload(file);
    expect(dry.body.summary).toEqual({ create: 3, update: 0, unchanged: 0, reject: 0 });
    expect(dry.body.rows[2].changes).toEqual(expect.arrayContaining(['new pupil', 'SEN status N → E', 'contact 1 linked (already a contact of the school)']));
    expect(await pupilCount()).toBe(before);

    const wrongFile = await upload(file.replace('Amira', 'Amina'), `${base}/imports/${dry.body.importId}/commit`);
    expectProblem(wrongFile, 409);
    expect(await pupilCount()).toBe(before);

    // Amira's SEN Support began after the go-live date, so her parent is sent the formal notice.
    const commit = await upload(file, `${base}/imports/${dry.body.importId}/commit?goLive=${daysAgo(90)}`);
    expect(commit.status).toBe(200);
    expect(commit.body).toMatchObject({
      status: 'committed',
      summary: { create: 3, update: 0, unchanged: 0, reject: 0 },
      notices: { toSend: 1, parents: 1, givenOutside: 0, goLiveDate: daysAgo(90) },
    });
    expect(await pupilCount()).toBe(before + 3);
    expectProblem(await upload(file, `${base}/imports/${dry.body.importId}/commit`), 409);

    const onRegister = await api.http().get(`${base}/register?q=${upnA}`).set(bearer(senco));
    expect(onRegister.body.items).toEqual([
      expect.objectContaining({
        status: 'K',
        primaryNeed: 'SLCN',
        secondaryNeed: 'SEMH',
        placedOn: daysAgo(60),
        parentNotice: 'pending',
        fsmEligible: true,
        eal: true,
      }),
    ]);
    const chloe = (await api.http().get(`${base}/register?q=${upnC}`).set(bearer(senco))).body.items[0];
    const ben = (await api.http().get(`${base}/register?status=N&q=${upnB}`).set(bearer(senco))).body.items[0];
    const [chloeContacts, benContacts] = await Promise.all(
      [chloe.pupilId, ben.pupilId].map(async (id) => (await api.http().get(`${base}/pupils/${id}/contacts`).set(bearer(senco))).body),
    );
    expect(chloeContacts).toHaveLength(1);
    expect(chloeContacts[0].contactId).toBe(benContacts[0].contactId);

    const again = await upload(file);
    expect(again.body.summary).toEqual({ create: 0, update: 0, unchanged: 3, reject: 0 });
  });

  it('updates what changed in a later export, by UPN', async () => {
    const changed = [
      HEADER,
      good[0]!
        .replace(',4B,', ',4C,')
        .replace(',K,SLCN,SEMH,', ',K,SEMH,,')
        .replace(`,${daysAgo(60)},`, `,${daysAgo(5)},`),
    ].join('\n');
    const dry = await upload(changed);
    expect(dry.body.summary).toEqual({ create: 0, update: 1, unchanged: 0, reject: 0 });
    expect(dry.body.rows[0].changes).toEqual(['className', 'SEN status K → K (needs changed)']);
    expect((await upload(changed, `${base}/imports/${dry.body.importId}/commit`)).status).toBe(200);
    const row = (await api.http().get(`${base}/register?q=${upnA}`).set(bearer(senco))).body.items[0];
    expect(row).toMatchObject({ className: '4C', primaryNeed: 'SEMH', secondaryNeed: null, statusSince: daysAgo(5), placedOn: daysAgo(60) });
  });

  it('an export of the whole school, contacts included, re-imports with no changes', async () => {
    const exported = await api.http().get(`${base}/register/export?status=N,K,E,monitoring`).set(bearer(senco));
    expect(exported.text).toContain('grace.okafor@example.test');
    const rows = exported.text.trim().split('\r\n').length - 1;
    const dry = await upload(exported.text);
    expect(dry.body.summary).toEqual({ create: 0, update: 0, unchanged: rows, reject: 0 });
  });

  it('reads SIMS- and Arbor-style exports through their built-in mappings', async () => {
    const sims = `UPN,Legal Surname,Legal Forename,DOB,Year Group,Reg Group,SEN Status,Primary Need,Contact 1 Name\n${validUpn()},Jones,Kai,${dobFor('6').split('-').reverse().join('/')},6,6J,SEN Support,Specific Learning Difficulty,Mrs Ann Jones\n`;
    const simsDry = await upload(sims, `${base}/imports?mapping=sims`);
    expect(simsDry.status).toBe(200);
    expect(simsDry.body.summary).toEqual({ create: 1, update: 0, unchanged: 0, reject: 0 });
    const arbor = `UPN,Legal first name,Legal last name,Date of birth,Year group,Registration form\n${validUpn()},Lia,Moss,${dobFor('R')},Reception,RB\n`;
    const arborDry = await upload(arbor, `${base}/imports?mapping=arbor`);
    expect(arborDry.body.summary).toEqual({ create: 1, update: 0, unchanged: 0, reject: 0 });
    expectProblem(await upload(arbor, `${base}/imports?mapping=nope`), 400);
  });

  it('uses a mapping the school saved for its own MIS', async () => {
    const saved = await api
      .http()
      .put(`${base}/import-mappings/our-mis`)
      .set(bearer(senco))
      .send({ pupil: { upn: 'Pupil UPN', legalFirstName: 'First', legalLastName: 'Last', dateOfBirth: 'Born', yearGroup: 'NC Year' } });
    expect(saved.body).toMatchObject({ name: 'our-mis' });
    const badMapping = await api
      .http()
      .put(`${base}/import-mappings/broken`)
      .set(bearer(senco))
      .send({ pupil: { upn: 'UPN', shoeSize: 'Shoes' } });
    expectProblem(badMapping, 400);
    const dry = await upload(`Pupil UPN,First,Last,Born,NC Year\n${validUpn()},Mo,Ali,${dobFor('1')},1\n`, `${base}/imports?mapping=our-mis`);
    expect(dry.body.summary.create).toBe(1);
    const names = (await api.http().get(`${base}/import-mappings`).set(bearer(senco))).body.map((m: { name: string }) => m.name);
    expect(names).toEqual(expect.arrayContaining(['standard', 'sims', 'arbor', 'our-mis']));
  });
});

describe('malformed files are refused, naming the row, with nothing written', () => {
  const row = () => `${validUpn()},Zed,Case,${dobFor('3')},3`;
  const cases: [string, string | Buffer, RegExp][] = [
    ['wrong delimiter', `UPN;Legal Forename;Legal Surname;Date of Birth;Year Group\n${row().replaceAll(',', ';')}\n`, /';'/],
    ['missing header', `${row()}\n${row()}\n`, /no 'UPN' column|required/],
    [
      'bad encoding',
      Buffer.concat([Buffer.from(`UPN,Legal Forename,Legal Surname,Date of Birth,Year Group\n${row()}\n`), Buffer.from([0xff, 0xfe, 0x41, 0x0a])]),
      /UTF-8/,
    ],
    ['stray quote', `UPN,Legal Forename,Legal Surname,Date of Birth,Year Group\n${row()}\n${validUpn()},Z"ed,Case,${dobFor('3')},3\n`, /row 3|quote/i],
    ['empty file', '', /empty/],
    ['header only', 'UPN,Legal Forename,Legal Surname,Date of Birth,Year Group\n', /no pupils/],
  ];
  it.each(cases)('%s', async (_name, body, message) => {
    const before = await pupilCount();
    const problem = expectProblem(await upload(body), 400);
    expect(JSON.stringify(problem.errors)).toMatch(message);
    expect(await pupilCount()).toBe(before);
  });

  it('a body that is not CSV is refused with a clear error', async () => {
    const res = await api.http().post(`${base}/imports`).set(bearer(senco)).send({ file: 'x' });
    expectProblem(res, 415);
  });
});

it('an import logs no names, UPNs or contact details', async () => {
  const upn = validUpn();
  const marker = 'Zanzibarina';
  const res = await upload(
    `${HEADER}\n${upn},${marker},Logcheck,${dobFor('4')},4,4B,F,N,N,K,SLCN,,${daysAgo(3)},,Pat,${marker},Mother,pat.${marker.toLowerCase()}@example.test\n`,
  );
  expect(res.body.summary).toEqual({ create: 1, update: 0, unchanged: 0, reject: 0 });
  const logs = api.logs.join('\n');
  expect(logs).toContain('/imports');
  expect(logs).not.toContain(marker);
  expect(logs).not.toContain(marker.toLowerCase());
  expect(logs).not.toContain(upn);
});

it('imports a 10,000-row file: dry run, then commit, in one transaction', async () => {
  const school = await createTestSchool(api.dataSource);
  const token = (await api.login(school.users.senco.email)).accessToken;
  const path = `/v1/schools/${school.school.id}/imports`;
  const upns = new Set<string>();
  while (upns.size < 10_000) upns.add(validUpn());
  const lines = [HEADER];
  let i = 0;
  for (const upn of upns) {
    i += 1;
    const sen = i % 7 === 0 ? `K,SLCN,,${daysAgo(30)},` : 'N,,,,';
    lines.push(`${upn},Pupil,Number${i},${dobFor('5')},5,5${i % 4},F,N,N,${sen},Parent,Number${i},Mother,parent${i}@example.test`);
  }
  const file = lines.join('\n');
  const dry = await api.http().post(path).set(bearer(token)).set('content-type', 'text/csv').send(file);
  expect(dry.status).toBe(200);
  expect(dry.body.summary).toEqual({ create: 10_000, update: 0, unchanged: 0, reject: 0 });
  const commit = await api
    .http()
    .post(`${path}/${dry.body.importId}/commit?goLive=${daysAgo(60)}`)
    .set(bearer(token))
    .set('content-type', 'text/csv')
    .send(file);
  expect(commit.status).toBe(200);
  const summary = await api.http().get(`/v1/schools/${school.school.id}/register/summary?status=N,K`).set(bearer(token));
  expect(summary.body.total).toBe(10_000);
  expect(summary.body.byStatus).toEqual([
    { status: 'K', count: Math.floor(10_000 / 7) },
    { status: 'N', count: 10_000 - Math.floor(10_000 / 7) },
  ]);
}, 180_000);
