import { mermaidYamlString } from '../escape.ts';

/** `--- title: … ---`: Mermaid's diagram-independent way to give a title. */
export function frontMatter(title: string): string[] {
  if (title.trim() === '') return [];
  return ['---', `title: ${mermaidYamlString(title)}`, '---'];
}
