import { describe, expect, it } from 'vitest';
import { formatCsvRow } from './format-csv-row';

describe('formatCsvRow', () => {
  it.each<[string, string | null, string]>([
    ['a plain field as is', 'client.registered', 'client.registered'],
    ['null as an empty field', null, ''],
    ['an empty string as an empty field', '', ''],
    ['a comma by quoting', 'a,b', '"a,b"'],
    ['a quote by quoting and doubling it', 'say "hi"', '"say ""hi"""'],
    ['a line feed by quoting', 'line 1\nline 2', '"line 1\nline 2"'],
    ['a carriage return by quoting', 'line 1\r\nline 2', '"line 1\r\nline 2"'],
    ['JSON by quoting', '{"method":"MCR","scopes":["a","b"]}', '"{""method"":""MCR"",""scopes"":[""a"",""b""]}"'],
    ['a leading = with a quote mark', '=HYPERLINK("http://evil.example")', `"'=HYPERLINK(""http://evil.example"")"`],
    ['a leading + with a quote mark', '+1-555', "'+1-555"],
    ['a leading - with a quote mark', '-2+3', "'-2+3"],
    ['a leading @ with a quote mark', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab with a quote mark', '\t=1', "'\t=1"],
    ['a leading carriage return with a quote mark, then quoting', '\r=1', `"'\r=1"`],
    ['a formula character that does not lead as is', 'a=b', 'a=b'],
    ['an ISO timestamp as is', '2026-11-21T09:30:15.123Z', '2026-11-21T09:30:15.123Z'],
  ])('writes %s', (_case, field, expected) => {
    expect(formatCsvRow([field])).toBe(`${expected}\r\n`);
  });

  it('joins fields with commas and ends the record with CRLF', () => {
    expect(formatCsvRow(['1', null, 'a,b', '=x'])).toBe(`1,,"a,b",'=x\r\n`);
  });
});
