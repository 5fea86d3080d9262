import { describe, expect, it } from 'vitest';
import { explainTrace, mdText, safeMarkdown } from '../../src/explain/index.ts';
import { applyDeploymentTrace, failedSchedulingTrace, rbacDeniedTrace } from '../fixtures/traces/fixtures.ts';

describe('explain', () => {
  it('narrates apply-deployment step by step (golden)', async () => {
    const text = explainTrace(applyDeploymentTrace(), { pictures: { architecture: 'architecture.svg', sequence: 'sequence.svg', flowchart: 'flowchart.svg' } });
    await expect(text).toMatchFileSnapshot('__golden__/explain-apply-deployment.md');
    expect(text).toContain('1. kubectl sends POST /apis/apps/v1/namespaces/default/deployments to the API server.');
    expect(text).toContain('![sequence](sequence.svg)');
  });

  it('groups repetitive events into one sentence naming the objects', () => {
    const text = explainTrace(applyDeploymentTrace({ replicas: 3 }));
    const line = text.split('\n').find((l) => /to create 3 Pods: /.test(l));
    expect(line).toBeDefined();
    expect(line!.match(/web-7c5ddbdf54-\w{5}/g)?.length).toBe(3);
    // 30 replicas: the list is cut short instead of naming all of them
    const big = explainTrace(applyDeploymentTrace({ replicas: 30, nodes: 5 }));
    expect(big).toMatch(/create 30 Pods: (web-\S+, ){4}web-\S+ and 25 more/);
  });

  it('tells denials and failures in words (goldens)', async () => {
    await expect(explainTrace(rbacDeniedTrace())).toMatchFileSnapshot('__golden__/explain-rbac-denied.md');
    await expect(explainTrace(failedSchedulingTrace())).toMatchFileSnapshot('__golden__/explain-failed-scheduling.md');
  });

  it('keeps descriptions as Markdown but drops raw HTML', () => {
    expect(safeMarkdown('**a** <script>x</script> `<b>` and\n```\n<i>\n```')).toBe('**a** \\<script\\>x\\</script\\> `<b>` and\n\n```\n<i>\n```');
  });

  it('escapes Markdown from input', () => {
    expect(mdText('a *b* <img src=x> [c](d)')).toBe('a \\*b\\* \\<img src=x\\> \\[c\\](d)');
    const t = applyDeploymentTrace();
    t.header.scenario.title = '<script>alert(1)</script>';
    t.steps[0]!.title = '# not a heading';
    const text = explainTrace(t);
    expect(text).not.toContain('<script>');
    expect(text).toContain('## Step 1: \\# not a heading');
  });
});
