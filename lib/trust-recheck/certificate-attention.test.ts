import { describe, expect, it } from 'vitest';

import { certificateAttention } from './certificate-attention';

const NOW = new Date('2026-12-04T12:00:00Z');
const inDays = (days: number) => new Date(NOW.getTime() + days * 24 * 60 * 60 * 1000);
const kept = (days: number, trustStatus: string | null = 'good') => ({ notAfter: inDays(days), trustStatus });

describe('certificateAttention', () => {
  it.each([
    ['no kept certificate', [], null],
    ['a certificate ending in 31 days', [kept(31)], null],
    ['a certificate ending in 30 days', [kept(30)], { level: 'soon', text: 'transport certificate expires in 30 days' }],
    ['a certificate ending in 8 days', [kept(8)], { level: 'soon', text: 'transport certificate expires in 8 days' }],
    ['a certificate ending in 7 days', [kept(7)], { level: 'urgent', text: 'transport certificate expires in 7 days' }],
    ['a certificate ending in an hour', [kept(1 / 24)], { level: 'urgent', text: 'transport certificate expires within a day' }],
    ['a certificate that ended', [kept(-1)], { level: 'expired', text: 'transport certificate expired' }],
    ['an old one ending soon beside a new one of a year', [kept(3), kept(365)], null],
    ['a revoked one, the only one', [kept(365, 'revoked')], { level: 'revoked', text: 'transport certificate revoked' }],
    ['a revoked old one beside a good new one ending soon', [kept(365, 'revoked'), kept(5)], { level: 'urgent', text: 'transport certificate expires in 5 days' }],
  ])('flags %s as it should', (_label, certificates, expected) => {
    expect(certificateAttention(certificates, NOW)).toEqual(expected);
  });
});
