import { QueryEnum } from '../../http/query.js';

export class StaffImportQuery {
  @QueryEnum(['standard', 'sims', 'arbor'], { description: 'The file format: standard (default), or a SIMS-like or Arbor-like staff export' })
  mapping?: 'standard' | 'sims' | 'arbor';
}
