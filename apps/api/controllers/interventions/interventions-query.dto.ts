import { QueryBoolean } from '../../http/query.js';

export class CatalogueQuery {
  @QueryBoolean('Also list interventions the school has retired')
  includeInactive?: boolean;
}
