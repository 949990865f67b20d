import { strict as assert } from 'node:assert';
describe('smoke', () => { it('runs', () => assert.equal(1 + 1, 2)); });
