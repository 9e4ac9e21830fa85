import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { SANDBOX_TPP_ORGANISATIONS } from '@/directory/sandbox-accounts';
import { buildWorkedExample, type WorkedExampleStep } from './build-worked-example';

// The README's "Calling it" example is the API page's worked example for `npm start`'s defaults, which e2e runs
// verbatim against the product (e2e/api-profile.spec.ts): so the README's commands are the tested ones.
const START = '<!-- worked-example:start (generated from lib/api-profile/build-worked-example.ts; a test keeps it equal) -->';
const END = '<!-- worked-example:end -->';
// Run from a folder under the data directory: the files it writes, keys included, stay out of the repository.
const FOLDER = '.data/try-the-api';
const FENCES: Record<WorkedExampleStep['language'], string> = { shell: 'sh', javascript: 'js', text: 'text' };

/** The markdown the README holds between its markers. */
function renderWorkedExample(): string {
  const env = parseEnv({});
  const organisation = SANDBOX_TPP_ORGANISATIONS[0];
  if (!organisation) throw new Error('the sandbox directory has no organisation');
  const steps = buildWorkedExample(env, { orgId: organisation.id });
  // The page names the CA by its absolute path; from FOLDER it is one level up.
  const caPath = path.join(env.dataDir, 'mtls', 'ca.pem');
  const blocks = [
    `From the checkout's folder, with \`npm start\` running, as the sandbox organisation ${organisation.name} (\`${organisation.id}\`); needs curl, jq and Node.js:`,
    fence('sh', `mkdir -p ${FOLDER} && cd ${FOLDER}`),
    ...steps.map((step, index) =>
      [`${index + 1}. **${step.title}.** ${step.description}`, fence(FENCES[step.language], step.code.replaceAll(caPath, '../mtls/ca.pem'))].join('\n\n'),
    ),
  ];
  return `${START}\n${blocks.join('\n\n')}\n${END}`;
}

function fence(language: string, code: string): string {
  return `\`\`\`${language}\n${code.replace(/\n$/, '')}\n\`\`\``;
}

describe('the README', () => {
  it('shows the worked example of the API page for the default configuration', () => {
    const readme = readFileSync(path.resolve('README.md'), 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, 'README.md lacks the worked example markers').toBeGreaterThan(-1);
    expect(readme.slice(start, end + END.length)).toBe(renderWorkedExample());
  });
});
