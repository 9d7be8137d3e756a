import type { Resource } from '@medplum/fhirtypes';
import type { Deps } from '../routes/types.ts';
import type { Actor } from '../services/context.ts';
import { listTags } from '../services/tags.ts';
import type { RecordType } from '../services/versions.ts';
import type { SearchAnswer } from './search/run.ts';
import type { ParsedSearch, SearchParam } from './search/types.ts';

/** One FHIR request: who asks, the services' dependencies, and the URLs answers point to. */
export class Call {
  private tagNames?: Promise<Map<string, string>>;
  constructor(
    readonly deps: Deps,
    readonly actor: Actor,
    /** `http://host:port`, for links to the app's own API (image files, signatures). */
    readonly origin: string,
  ) {}
  get ctx() {
    return this.deps.ctx;
  }
  get base() {
    return `${this.origin}/fhir/R4`;
  }
  /** The account's tag names, read once per request, for meta.tag displays. */
  tags(): Promise<Map<string, string>> {
    this.tagNames ??= listTags(this.ctx, this.actor).then((r) => new Map(r.items.map((t) => [t.id, t.name])));
    return this.tagNames;
  }
}

export type Params = Record<string, string[]>;

export interface Page {
  count: number;
  page: number;
}

/** One version of a record as stored (record_versions). */
export interface StoredVersion {
  version: number;
  operation: string;
  changedAt: string;
  data: Record<string, unknown>;
}

/** One version of a record as history shows it; no resource for a deletion. */
export interface HistoryItem {
  version: number;
  operation: string;
  changedAt: string;
  resource?: Resource;
}

/** A type's search: the parameters it takes and how a checked search runs. */
export interface Search {
  params: SearchParam[];
  run(call: Call, search: ParsedSearch): Promise<SearchAnswer>;
}

/** What the facade can do with one resource type; absent functions are unsupported interactions. */
export interface ResourceHandler {
  type: string;
  search?: Search;
  read(call: Call, id: string): Promise<Resource>;
  history?(call: Call, id: string): Promise<HistoryItem[]>;
  /** The record kind whose versions type-level history lists, and how a record's versions read. */
  recordType?: RecordType;
  historyItems?(call: Call, id: string, versions: StoredVersion[]): Promise<HistoryItem[]>;
  version?(call: Call, id: string, version: number): Promise<HistoryItem>;
  create?(call: Call, body: unknown): Promise<Resource>;
  update?(call: Call, id: string, body: unknown, ifMatch: number | undefined): Promise<Resource>;
  /** Soft delete under the deployment's policy; answers a sentence for the OperationOutcome. */
  remove?(call: Call, id: string): Promise<string>;
  expunge?: boolean;
}
