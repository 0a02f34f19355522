/**
 * Where the mock's control plane lives: `/__mock` and below. A module of its own, importing nothing,
 * so that the start path (the request log) can tell a control call without loading the control API.
 */
export const CONTROL_ROOT = "/__mock";

export const isControlPath = (url: string): boolean => url === CONTROL_ROOT || url.startsWith(`${CONTROL_ROOT}/`) || url.startsWith(`${CONTROL_ROOT}?`);
