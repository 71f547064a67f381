import type { GroupViewer } from '#libs/interventions';
import type { Viewer } from '#libs/register';
import type { RequestAccess } from './tenant-request.js';

/*
 * The guard's decision handed to the services as the viewer they check against: the services decide what that
 * viewer may see (a pupil, a group), so the rule lives in one layer and the controllers only pass it on.
 */

/** Which pupils the caller may see, as the guard's roles say (the same rule the database applies). */
export const pupilViewer = (a: RequestAccess): Viewer => ({ userId: a.principal.userId, access: a.scope.pupilAccess ?? [] });

/** The register keepers see every intervention group; other staff the groups they run. */
export const groupViewer = (a: RequestAccess): GroupViewer => ({ userId: a.principal.userId, seesAll: a.scope.pupilAccess === 'all' });
