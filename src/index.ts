// Script entry: WinDbg calls initializeScript (through the bundle footer) and gets the registration records.
export function initializeScript(): unknown[] {
  return [];
}

export function uninitializeScript(): void {}
