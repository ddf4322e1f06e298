// Builds the records initializeScript returns to JsProvider (API version, one function alias per command).
// Called by src/index.ts; lives in src/host because only this folder may touch `host`.
declare const host: any;

/** The oldest API level that gives what we rely on: 1.1 (getModuleType returns null instead of throwing) and 1.2
 *  (JS objects with compareTo become comparable in dx and LINQ). */
export const API_VERSION = { major: 1, minor: 2 };

export interface AliasDefinition {
  name: string;
  fn: (...args: unknown[]) => unknown;
}

export function registrationRecords(aliases: AliasDefinition[]): unknown[] {
  const records: unknown[] = [new host.apiVersionSupport(API_VERSION.major, API_VERSION.minor)];
  for (let i = 0; i < aliases.length; i++) records.push(new host.functionAlias(aliases[i].fn, aliases[i].name));
  return records;
}

/** Last-resort console output when the Target could not even be created (the host itself failed). */
export function rawLog(text: string): void {
  try {
    host.diagnostics.debugLog(text);
  } catch (e) {
    // Nothing left to report to.
  }
}
