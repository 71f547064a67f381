import 'reflect-metadata';
import { IsInt, IsString, MaxLength, getMetadataStorage, validate } from 'class-validator';
import { rememberValidationRules } from './validation-metadata.js';

class Base {
  @IsString() name!: unknown;
}

class Child extends Base {
  @IsInt() count!: unknown;
  @MaxLength(3, { groups: ['short'] }) code!: unknown;
}

const problems = async (value: object, groups?: string[]) =>
  (await validate(value, groups ? { groups } : {})).map((e) => `${e.property}:${Object.keys(e.constraints ?? {}).join(',')}`).sort();

const child = (fields: Record<string, unknown>) => Object.assign(new Child(), fields);

describe('rememberValidationRules', () => {
  // What class-validator answers on its own, read before the rules are remembered.
  const storage = getMetadataStorage();
  const before = {
    plain: storage.getTargetValidationMetadatas(Child, '', false, false),
    grouped: storage.getTargetValidationMetadatas(Child, '', false, false, ['short']),
    base: storage.getTargetValidationMetadatas(Base, '', false, false),
  };
  const cases: [object, string[] | undefined][] = [
    [child({ name: 'Ada', count: 2, code: 'AB' }), undefined],
    [child({ name: 7, count: 'two' }), undefined],
    [child({ name: 'Ada', count: 2, code: 'ABCD' }), ['short']],
  ];
  let answersBefore: string[][] = [];
  beforeAll(async () => {
    answersBefore = await Promise.all(cases.map(([value, groups]) => problems(value, groups)));
    rememberValidationRules();
  });

  it('answers as class-validator does: inherited rules, and groups told apart', () => {
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toEqual(before.plain);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false, ['short'])).toEqual(before.grouped);
    expect(storage.getTargetValidationMetadatas(Base, '', false, false)).toEqual(before.base);
    expect(before.plain.map((m) => m.propertyName).sort()).toEqual(['code', 'count', 'name']);
    expect(before.grouped.map((m) => m.propertyName)).toEqual(['code']);
  });

  it('validates the same, asked again and again', async () => {
    expect(answersBefore).toEqual([[], ['code:maxLength', 'count:isInt', 'name:isString'], ['code:maxLength']]);
    for (let i = 0; i < 3; i++) {
      expect(await Promise.all(cases.map(([value, groups]) => problems(value, groups)))).toEqual(answersBefore);
    }
  });

  it('gives each caller its own list, so changing one changes no later answer', () => {
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    first.length = 0;
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toHaveLength(3);
  });

  it('sees the rules of a class declared after it started remembering, and of its parent', async () => {
    class Later extends Base {
      @IsInt() size!: unknown;
    }
    expect(await problems(Object.assign(new Later(), { name: 1, size: 'big' }))).toEqual(['name:isString', 'size:isInt']);
  });

  it('is idempotent: remembering twice wraps class-validator once', () => {
    const lookup = () => Object.getOwnPropertyDescriptor(storage, 'getTargetValidationMetadatas')?.value as unknown;
    const wrapped = lookup();
    rememberValidationRules();
    expect(lookup()).toBe(wrapped);
  });
});
