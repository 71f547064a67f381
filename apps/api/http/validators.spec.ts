import { decimalPlaces } from './validators.js';

it('counts decimal places as a number is written, exponent included', () => {
  expect(decimalPlaces(12)).toBe(0);
  expect(decimalPlaces(12.34)).toBe(2);
  expect(decimalPlaces(-0.5)).toBe(1);
  expect(decimalPlaces(1.5e3)).toBe(0);
  expect(decimalPlaces(1e21)).toBe(0);
  expect(decimalPlaces(3e-323)).toBe(323);
  expect(decimalPlaces(-9.283780342871465e-296)).toBe(311);
});
