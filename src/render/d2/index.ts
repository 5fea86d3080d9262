import type { View } from '../../views/types.ts';
import { graphToD2 } from './graph.ts';
import { sequenceToD2 } from './sequence.ts';

/** D2 text for any view (checked against the real D2 compiler in the tests). */
export function toD2(view: View): string {
  switch (view.kind) {
    case 'sequence':
      return sequenceToD2(view);
    case 'architecture':
    case 'flowchart':
      return graphToD2(view);
  }
}
