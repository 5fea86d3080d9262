import type { View } from '../../views/types.ts';
import { graphToPlantUml } from './graph.ts';
import { sequenceToPlantUml } from './sequence.ts';

/** PlantUML text for any view, `@startuml` … `@enduml`. */
export function toPlantUml(view: View): string {
  switch (view.kind) {
    case 'sequence':
      return sequenceToPlantUml(view);
    case 'architecture':
    case 'flowchart':
      return graphToPlantUml(view);
  }
}
