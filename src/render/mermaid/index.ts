import type { View } from '../../views/types.ts';
import { graphToMermaid } from './graph.ts';
import { sequenceToMermaid } from './sequence.ts';

/** Mermaid text for any view: paste-ready for GitHub, GitLab, Notion, MkDocs. */
export function toMermaid(view: View): string {
  switch (view.kind) {
    case 'sequence':
      return sequenceToMermaid(view);
    case 'architecture':
    case 'flowchart':
      return graphToMermaid(view);
  }
}
