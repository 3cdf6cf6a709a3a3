// The code-set benchmark page's script (benches/codeset/run.mjs serves it): loads the wasm build,
// then window.benchCodeSet(queries, loads) builds the index of a generated 41,000-code list and types
// the queries one character at a time with the list loaded.
import init, * as k from './koder.js';
import { makeList } from './im_list.mjs';
import { measure } from './measure.mjs';

await init();
window.benchCodeSet = (queries, loads, im) => measure(k, makeList(41000), queries, loads, () => performance.now(), im);
document.body.dataset.ready = 'true';
