// Public surface of the renderers for the commands in src/commands: console text, the JSON contract, the dx object, escaping.
export { renderConsole, renderConsoleLines, verdictHead, verdictLine } from "./console";
export type { ConsoleOptions } from "./console";
export { toContractJson } from "./json";
export type { ContractJson } from "./json";
export { toDataModelObject, IsaCpuCheckResult } from "./dx";
export { escapeDumpText } from "./escape";
