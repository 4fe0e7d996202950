import { describe, expect, it } from 'vitest';
import { validateSyncServerUrl } from '../../src/renderer/lib/sync-url';

describe('validateSyncServerUrl', () => {
  it.each([
    '',
    'redis://localhost:6379',
    'rediss://user:pw@host:6380/0',
    'rediss-cluster://10.0.0.1:7000,10.0.0.2:7000',
    'rediss-sentinel://s1:26379,s2:26379/prod',
    'rediss://signet:p@ss/w:rd%@[2001:db8::1]:6380',
  ])('accepts %s, as the main process does', (value) => {
    expect(validateSyncServerUrl(value)).toBeNull();
  });

  it.each([
    ['localhost:6379', /must start with/],
    ['https://host', /must start with/],
    ['redis://h:99999', /bad host or port/],
    ['redis://h1,h2', /several hosts/],
  ])('refuses %s', (value, why) => {
    expect(validateSyncServerUrl(value)).toMatch(why);
  });

  it('never quotes the address it refuses, which may hold a password', () => {
    const message = validateSyncServerUrl('rediss://signet:Secret7Q@tail8Q@host:99999');
    expect(message).not.toMatch(/Secret7Q|tail8Q/);
  });
});
