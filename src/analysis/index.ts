// Public surface of the analysis for the commands in src/commands and the renderers: analyze() and the result types.
export { analyze, SCOPE_NOTE } from "./analyze";
export { CULPRIT_THRESHOLD } from "./suspects";
export * from "./types";
