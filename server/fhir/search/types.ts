import type { Resource } from '@medplum/fhirtypes';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Call, Page } from '../types.ts';
import type { DateValue } from './dates.ts';

export type ParamType = 'token' | 'string' | 'date' | 'reference';

/** One value of a search parameter as the server reads it (a comma list gives several). */
export type SearchValue = { raw: string; date?: DateValue };

/**
 * A search parameter of a resource type: its FHIR type, the modifiers it takes, and the SQL
 * condition of one value (the values of a comma list are ORed, repeated parameters ANDed).
 */
export interface SearchParam {
  name: string;
  type: ParamType;
  documentation: string;
  modifiers?: ('exact' | 'contains' | 'missing')[];
  where?: (value: SearchValue, modifier: string | undefined, now: Date) => SQL;
  /** The condition `:missing=true` tests. */
  missing?: SQL;
  /** Columns `_sort` orders by (ascending). */
  sort?: SQL[];
}

/** One parameter of a search with its values, each alternative of a comma list. */
export interface Clause {
  param: SearchParam;
  modifier?: string;
  values: SearchValue[];
}

/** A reference parameter `_include` or `_revinclude` follows, e.g. `Encounter:patient`. */
export interface IncludeDef {
  /** As it is written in the query: `Encounter:patient`. */
  name: string;
  /** The resources of the same account this include adds for a page of matches. */
  load(call: Call, matches: Resource[]): Promise<Resource[]>;
}

export interface ParsedSearch {
  clauses: Clause[];
  sort: { param: SearchParam; descending: boolean }[];
  includes: IncludeDef[];
  /** `_summary=count`, or `_count=0`: the total alone. */
  totalOnly: boolean;
  page: Page;
  /** The parameters as applied, for the self link. */
  applied: [string, string][];
}

/** What a search over one table needs: its account scope and how a page of rows is shown. */
export interface TableSearch {
  params: SearchParam[];
  includes?: IncludeDef[];
  revincludes?: IncludeDef[];
  /** Active records of the account. */
  scope(accountId: string): SQL;
  defaultSort: SQL[];
  /** The id column, the last sort key so that pages are stable. */
  idColumn: SQL;
  count(db: Db, where: SQL): Promise<number>;
  page(call: Call, where: SQL, order: SQL[], limit: number, offset: number): Promise<Resource[]>;
}
