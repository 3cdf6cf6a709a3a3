// www/components/code-set-store.js without IndexedDB (Node, or a browser with storage refused):
// every function resolves, nothing is kept, nothing throws — the page works as without keeping.
// The real IndexedDB path is tested in Chromium (tests/browser/codeset.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forgetCodeSet, keepCodeSet, keptCodeSets, restoreCodeSets } from '../../www/components/code-set-store.js';

test('tanpa IndexedDB: tidak ada yang disimpan, tidak ada galat / without IndexedDB nothing is kept and nothing throws', async () => {
  assert.equal(typeof indexedDB, 'undefined');
  assert.equal(await keepCodeSet('icd10_im', new TextEncoder().encode('code,description\nA15.11,x\n')), false);
  assert.deepEqual(await keptCodeSets(), []);
  let loads = 0;
  assert.deepEqual(await restoreCodeSets({ loadCodeSet() { loads += 1; } }), []);
  assert.equal(loads, 0);
  assert.equal(await forgetCodeSet(), false);
});
