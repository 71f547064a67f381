import { getMetadataStorage } from 'class-validator';

type Lookup = ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas'];

/**
 * class-validator finds a DTO's rules on every `validate()` by testing the DTO against every class that has
 * rules (an `instanceof` per class, for inherited rules; typestack/class-validator#2686, open). Under the
 * register page's load, where the query DTO is validated on each request, class-validator was 4% of the API's
 * busy time and that lookup half of it (docs/performance.md, *Less work per request*). A class's rules are all
 * registered when it is declared, before anything can validate it, so the answer for the same arguments never
 * changes; it is kept per class here. Rules registered later (a class declared after start-up, as tests do)
 * clear what was kept, so no answer can be stale. Called once, before the first request.
 */
export function rememberValidationRules(): void {
  const storage = getMetadataStorage();
  if (REMEMBERING.has(storage)) return;
  REMEMBERING.add(storage);
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const register = storage.addValidationMetadata.bind(storage);
  let kept = new WeakMap<object, Map<string, ReturnType<Lookup>>>();
  storage.addValidationMetadata = (metadata) => {
    kept = new WeakMap();
    register(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? ''}`;
    let byArguments = kept.get(target);
    if (!byArguments) kept.set(target, (byArguments = new Map<string, ReturnType<Lookup>>()));
    let rules = byArguments.get(key);
    if (!rules) byArguments.set(key, (rules = lookup(target, schema, always, strictGroups, groups)));
    // A copy: the caller owns what it is given, as it did before.
    return rules.slice();
  };
}

const REMEMBERING = new WeakSet<object>();
