import type { Config } from '../../config.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { type CheckpointLog, openCheckpointLog } from './checkpoint-log.ts';
import { adoptDeploymentKeys, type DeploymentKeys, loadDeploymentKeys } from './deployment-keys.ts';

/** What checks and proves the audit trail from outside the database: the keys and the checkpoint log. */
export interface Evidence {
  keys: DeploymentKeys;
  checkpoints: CheckpointLog;
}

/** Loads (or creates) the deployment's keys, makes the audit key the process's, opens the log. */
export function openEvidence(
  config: Pick<Config, 'dataDir' | 'evidence' | 'storage'>,
  storage?: BlobStore,
): Evidence {
  const keys = loadDeploymentKeys(config);
  adoptDeploymentKeys(keys);
  const objectStore = config.storage.kind === 's3' ? storage : undefined;
  return { keys, checkpoints: openCheckpointLog(config.dataDir, objectStore) };
}
