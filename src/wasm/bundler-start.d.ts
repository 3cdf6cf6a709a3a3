
/**
 * The bundler build starts when it is imported (its catalog inside): resolves at once with the
 * module's exports. Present so that code written for the web build runs unchanged; options are
 * not needed here and are ignored.
 */
export default function init(options?: unknown): Promise<{ readonly memory: WebAssembly.Memory }>;
/** Resolves at once with undefined: every function of the bundler build answers once imported. */
export function initSearch(options?: unknown): Promise<undefined>;
/** Returns the module's exports at once: the bundler build is ready once imported. */
export function initSync(options?: unknown): { readonly memory: WebAssembly.Memory };
