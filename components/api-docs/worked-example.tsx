import type { WorkedExampleStep } from '@/lib/api-profile/build-worked-example';
import { CodeBlock } from './code-block';

const LANGUAGE_LABELS: Record<WorkedExampleStep['language'], string> = { shell: 'Shell', javascript: 'JavaScript', text: 'Files' };

/** The worked example's steps, in order, each with its code exactly as `buildWorkedExample` generated it. */
export function WorkedExample({ steps }: { steps: WorkedExampleStep[] }) {
  return (
    <ol className="mt-4 space-y-8">
      {steps.map((step, index) => (
        <li key={step.id} data-testid="worked-example-step" data-step={step.id}>
          <h3 className="font-semibold">
            {index + 1}. {step.title}
          </h3>
          <p className="mt-1 text-sm text-slate-700">{step.description}</p>
          <CodeBlock
            label={`${LANGUAGE_LABELS[step.language]}${step.file ? `: save as ${step.file}` : ''} (step ${index + 1})`}
            language={step.language}
            file={step.file}
            code={step.code}
          />
        </li>
      ))}
    </ol>
  );
}
