import { stringify } from 'csv-stringify/sync';
import { NOT_RECORDED, type ReportDocument } from '#libs/documents';
import { AREA_LABELS } from '#libs/register';
import { academicYearLabel } from '#libs/core';
import type { PupilProvision, SchoolProvisionMap } from './provision-map.query.js';

/** A spreadsheet runs a cell starting with = + - @ (or a tab or return) as a formula: text cells are defused. */
const text = (v: string | null) => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''));
const pounds = (pence: number | null) => (pence === null ? '' : (pence / 100).toFixed(2));
const percent = (r: number | null) => (r === null ? '' : `${Math.round(r * 100)}%`);
const area = (a: string | null) => (a ? ((AREA_LABELS as Record<string, string>)[a] ?? a) : '');
const csv = (rows: (string | number)[][]) => stringify(rows, { record_delimiter: '\r\n' });

const PUPIL_HEADER = [
  'Intervention',
  'Group',
  'Area of need',
  'From',
  'To',
  'Sessions planned',
  'Sessions delivered',
  'Cancelled',
  'Not recorded',
  'Delivery rate',
  'Below 80% of planned',
  'Sessions attended',
  'Attendance rate',
  'Minutes received',
  'Cost (£)',
  'Measure',
  'Entry',
  'Exit',
  'Change',
];

function pupilRow(p: PupilProvision): (string | number)[] {
  return [
    text(p.interventionName),
    text(p.groupName),
    area(p.areaOfNeed),
    p.startsOn,
    p.endsOn ?? '',
    p.planned,
    p.delivered,
    p.cancelled,
    p.unrecorded,
    percent(p.deliveryRate),
    p.belowFidelity ? 'yes' : 'no',
    p.attended,
    percent(p.attendanceRate),
    p.minutesReceived,
    pounds(p.costPence),
    text(p.measure.name),
    p.measure.entryValue ?? '',
    p.measure.exitValue ?? '',
    p.measure.change ?? '',
  ];
}

export const pupilProvisionCsv = (rows: PupilProvision[]) => csv([PUPIL_HEADER, ...rows.map(pupilRow)]);

export function schoolProvisionCsv(map: SchoolProvisionMap): string {
  return csv([
    [
      'Intervention',
      'Area of need',
      'Groups',
      'Pupils',
      'Sessions planned',
      'Sessions delivered',
      'Cancelled',
      'Not recorded',
      'Delivery rate',
      'Below 80% of planned',
      'Hours delivered',
      'Cost (£)',
    ],
    ...map.byIntervention.map((i) => [
      text(i.name),
      area(i.areaOfNeed),
      i.groups,
      i.pupils,
      i.planned,
      i.delivered,
      i.cancelled,
      i.unrecorded,
      percent(i.deliveryRate),
      i.belowFidelity ? 'yes' : 'no',
      i.deliveredHours,
      pounds(i.costPence),
    ]),
    ['Total', '', '', map.totals.pupils, '', '', '', '', '', '', map.totals.deliveredHours, pounds(map.totals.costPence)],
    ['Notional SEN budget', '', '', '', '', '', '', '', '', '', '', pounds(map.totals.budgetPence)],
  ]);
}

const col = (label: string, weight = 1) => ({ label, weight });

export function pupilProvisionDocument(rows: PupilProvision[], pupilName: string, schoolName: string, academicYear: number): ReportDocument {
  return {
    title: `Provision map for ${pupilName}, ${academicYearLabel(academicYear)}`,
    heading: `Provision map for ${pupilName}`,
    subject: [schoolName],
    intro: [
      `The interventions ${pupilName} was given in ${academicYearLabel(academicYear)}: sessions planned and delivered, attendance, cost, and the entry and exit measures.`,
    ],
    landscape: true,
    sections: [
      {
        id: 'provision',
        title: 'Provision',
        blocks: [
          {
            kind: 'table',
            caption: 'Interventions, planned and delivered',
            columns: [
              col('Intervention', 2),
              col('From – to', 2),
              col('Planned'),
              col('Delivered'),
              col('Delivery'),
              col('Attended'),
              col('Minutes'),
              col('Cost (£)'),
              col('Measure: entry → exit', 2),
            ],
            rows: rows.map((p) => [
              `${p.interventionName} (${p.groupName})`,
              `${p.startsOn} – ${p.endsOn ?? 'ongoing'}`,
              String(p.planned),
              String(p.delivered),
              `${percent(p.deliveryRate) || NOT_RECORDED}${p.belowFidelity ? ' (below 80%)' : ''}`,
              `${p.attended} of ${p.recorded}`,
              String(p.minutesReceived),
              pounds(p.costPence) || NOT_RECORDED,
              p.measure.name ? `${p.measure.name}: ${p.measure.entryValue ?? '?'} → ${p.measure.exitValue ?? '?'}` : NOT_RECORDED,
            ]),
            empty: 'No interventions recorded for this year.',
          },
        ],
      },
    ],
  };
}

export function schoolProvisionDocument(map: SchoolProvisionMap, schoolName: string): ReportDocument {
  const year = academicYearLabel(map.academicYear);
  return {
    title: `Provision map ${year}`,
    heading: `Provision map ${year}`,
    subject: [schoolName],
    intro: [`What the school planned and delivered from ${map.from} to ${map.to}. Delivery below 80% of what was planned is marked.`],
    landscape: true,
    sections: [
      {
        id: 'interventions',
        title: 'By intervention',
        blocks: [
          {
            kind: 'table',
            caption: `Interventions, ${year}`,
            columns: [col('Intervention', 3), col('Groups'), col('Pupils'), col('Planned'), col('Delivered'), col('Delivery'), col('Hours'), col('Cost (£)')],
            rows: map.byIntervention.map((i) => [
              i.name,
              String(i.groups),
              String(i.pupils),
              String(i.planned),
              String(i.delivered),
              `${percent(i.deliveryRate) || NOT_RECORDED}${i.belowFidelity ? ' (below 80%)' : ''}`,
              String(i.deliveredHours),
              pounds(i.costPence) || NOT_RECORDED,
            ]),
            empty: 'No intervention groups ran this year.',
          },
        ],
      },
      {
        id: 'areas',
        title: 'By area of need',
        blocks: [
          {
            kind: 'table',
            caption: 'Areas of need',
            columns: [col('Area of need', 3), col('Pupils'), col('Hours'), col('Cost (£)')],
            rows: map.byArea.map((a) => [area(a.areaOfNeed) || 'Not set', String(a.pupils), String(a.deliveredHours), pounds(a.costPence)]),
            empty: 'None.',
          },
        ],
      },
      {
        id: 'years',
        title: 'By year group',
        blocks: [
          {
            kind: 'table',
            caption: 'Year groups',
            columns: [col('Year group'), col('Pupils'), col('Sessions attended'), col('Minutes received')],
            rows: map.byYearGroup.map((y) => [y.yearGroup, String(y.pupils), String(y.sessionsAttended), String(y.minutesReceived)]),
            empty: 'None.',
          },
        ],
      },
      {
        id: 'staff',
        title: 'By member of staff',
        blocks: [
          {
            kind: 'table',
            caption: 'Staff',
            columns: [col('Name', 3), col('Groups'), col('Planned'), col('Delivered'), col('Delivery')],
            rows: map.byStaff.map((s) => [
              s.name,
              String(s.groups),
              String(s.planned),
              String(s.delivered),
              `${percent(s.deliveryRate) || NOT_RECORDED}${s.belowFidelity ? ' (below 80%)' : ''}`,
            ]),
            empty: 'None.',
          },
        ],
      },
      {
        id: 'cost',
        title: 'Cost and the notional SEN budget',
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: 'Cost of interventions', value: `£${pounds(map.totals.costPence)}` },
              { label: 'Notional SEN budget', value: map.totals.budgetPence === null ? '' : `£${pounds(map.totals.budgetPence)}` },
              { label: 'Share of the budget', value: percent(map.totals.shareOfBudget) },
              { label: 'Interventions with no cost entered', value: String(map.totals.costsMissing) },
            ],
          },
        ],
      },
    ],
  };
}
