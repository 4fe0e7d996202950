import { describe, expect, it } from 'vitest';
import { formatCredential, parseCredentialRequest } from '../../src/main/cli/git/credential-protocol.js';

describe("git's credential protocol", () => {
  it('reads key=value lines up to the blank line, ignoring unknown keys and what follows', () => {
    const text =
      'protocol=https\nhost=github.com:8443\npath=acme/w.git\ncapability[]=authtype\nusername=a=b\n\nhost=evil\n';
    expect(parseCredentialRequest(text)).toEqual({
      protocol: 'https',
      host: 'github.com:8443',
      path: 'acme/w.git',
      username: 'a=b',
      password: undefined,
    });
  });

  it('reads url= as its parts, and an attribute given on its own wins', () => {
    expect(
      parseCredentialRequest('host=other.example\nurl=https://al%40ice@github.com/acme/w.git\n'),
    ).toEqual({
      protocol: 'https',
      host: 'other.example',
      path: 'acme/w.git',
      username: 'al@ice',
      password: undefined,
    });
  });

  it('ignores lines without a key and CR line ends', () => {
    expect(parseCredentialRequest('=x\nnonsense\r\nprotocol=https\r\nhost=github.com\r\n\r\n')).toMatchObject(
      {
        protocol: 'https',
        host: 'github.com',
      },
    );
  });

  it('writes one line per attribute and refuses a value with a newline', () => {
    expect(
      formatCredential([
        ['username', 'octocat'],
        ['password', 'p'],
      ]),
    ).toBe('username=octocat\npassword=p\n');
    expect(() => formatCredential([['password', 'a\nhost=evil']])).toThrow(/newline/);
  });
});
