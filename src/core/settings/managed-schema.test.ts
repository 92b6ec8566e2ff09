import { describe, expect, it } from 'vitest';
import schema from '../../../public/managed-schema.json' with { type: 'json' };
import { SETTING_KEYS } from './settings.ts';

describe('public/managed-schema.json', () => {
  it('declares exactly the settings the extension reads, each with a title and a description', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...SETTING_KEYS].sort());
    for (const property of Object.values(schema.properties)) {
      expect(property.title.length).toBeGreaterThan(0);
      expect(property.description.length).toBeGreaterThan(0);
    }
  });

  it('declares the fingerprint list as an array of strings and every other setting as a string', () => {
    for (const [key, property] of Object.entries(schema.properties)) {
      expect(property.type).toBe(key === 'expectedCertificateFingerprints' ? 'array' : 'string');
    }
  });
});
