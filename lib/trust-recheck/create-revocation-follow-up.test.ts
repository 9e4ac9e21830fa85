import { describe, expect, it } from 'vitest';

import { createRevocationFollowUp } from './create-revocation-follow-up';

describe('createRevocationFollowUp', () => {
  it('re-checks a client at most once a minute, each client on its own, and logs a failure by name', async () => {
    let clock = 0;
    const rechecked: string[] = [];
    const logged: string[] = [];
    const followUp = createRevocationFollowUp(
      async (clientId) => {
        rechecked.push(clientId);
        if (clientId === 'broken') throw new TypeError('secret detail');
      },
      { now: () => clock, log: (line) => logged.push(line) },
    );
    followUp('a');
    followUp('a');
    followUp('b');
    clock = 59_999;
    followUp('a');
    clock = 60_000;
    followUp('a');
    followUp('broken');
    await new Promise((resolve) => setImmediate(resolve));
    expect(rechecked).toEqual(['a', 'b', 'a', 'broken']);
    expect(logged).toEqual(['[trust] the re-check of client broken failed: TypeError']);
  });
});
