// Checkpoints of a study laid out one per arm: checkpoint `<arm-id>` lives in `<dir>/<arm-id>/checkpoint/`,
// beside the arm's metrics, summary and reports (each arm directory holds a DirCheckpointStore, so
// saves stay atomic). One engine serves every arm, and an arm can start from another arm's checkpoint.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointRef, CheckpointStore } from '../../src/core/checkpoint/store';
import { checkName, isValidName } from '../../src/core/checkpoint/store-util';
import { DirCheckpointStore } from '../checkpoint-dir-store';

/** The checkpoint's directory name inside an arm's directory. */
export const ARM_CHECKPOINT = 'checkpoint';

export class ArmCheckpointStore implements CheckpointStore {
  readonly kind = 'directory' as const;

  constructor(readonly dir: string) {}

  private arm(name: string): DirCheckpointStore {
    checkName(name, 'arm id');
    return new DirCheckpointStore(join(this.dir, name));
  }

  async list(): Promise<CheckpointRef[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const refs: CheckpointRef[] = [];
    for (const name of entries.filter(isValidName).sort()) {
      const found = (
        await this.arm(name)
          .list()
          .catch(() => [])
      ).find((r) => r.name === ARM_CHECKPOINT);
      if (found) refs.push({ ...found, name });
    }
    return refs;
  }

  save(name: string, files: Map<string, Uint8Array>): Promise<void> {
    return this.arm(name).save(ARM_CHECKPOINT, files);
  }

  load(name: string): Promise<Map<string, Uint8Array>> {
    return this.arm(name).load(ARM_CHECKPOINT);
  }

  remove(name: string): Promise<void> {
    return this.arm(name).remove(ARM_CHECKPOINT);
  }
}
