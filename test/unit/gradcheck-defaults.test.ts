/**
 * The grad-check's defaults are stated once, in src/engine/gradcheckDefaults.ts; package.json's
 * settings (what VS Code's settings editor shows and validates) and driver.py's process limit
 * state them again and must agree with it. settingValue keeps a user's value in those ranges.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  GRADCHECK_DEFAULTS,
  GRADCHECK_SETTINGS,
  settingValue,
  type GradcheckSetting,
  type SettingSpec,
} from '../../src/engine/gradcheckDefaults';
import { TRIAL_SCALES } from '../../src/gradcheck/inputs';

const ROOT = path.join(__dirname, '..', '..');
type Property = { type: string; default: unknown; minimum?: number; exclusiveMinimum?: number; maximum?: number };
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Property> } };
};
const PREFIX = 'lossPlayground.gradcheck.';
const properties = pkg.contributes.configuration.properties;
const keys = Object.keys(GRADCHECK_SETTINGS) as GradcheckSetting[];

describe('grad-check defaults: one source', () => {
  it('package.json declares each setting with the same default, type and range', () => {
    for (const key of keys) {
      const p = properties[PREFIX + key];
      assert.ok(p, `package.json has no ${PREFIX}${key}`);
      const spec: SettingSpec = GRADCHECK_SETTINGS[key];
      assert.deepEqual(
        {
          type: p.type,
          default: p.default,
          minimum: p.minimum,
          exclusiveMinimum: p.exclusiveMinimum,
          maximum: p.maximum,
        },
        {
          type: spec.integer ? 'integer' : 'number',
          default: spec.default,
          minimum: spec.minimum,
          exclusiveMinimum: spec.exclusiveMinimum,
          maximum: spec.maximum,
        },
        key,
      );
    }
  });

  it('every numeric grad-check setting in package.json is in the defaults module', () => {
    const numeric = Object.entries(properties)
      .filter(([name, p]) => name.startsWith(PREFIX) && (p.type === 'number' || p.type === 'integer'))
      .map(([name]) => name.slice(PREFIX.length));
    assert.deepEqual(numeric.sort(), [...keys].sort());
  });

  it('the defaults in working units are the settings’ defaults', () => {
    assert.equal(GRADCHECK_DEFAULTS.timeoutMs, 10_000);
    assert.equal(GRADCHECK_DEFAULTS.loadTimeoutMs, 60_000);
    assert.equal(GRADCHECK_DEFAULTS.memoryLimitBytes, 2 * 1024 ** 3);
    assert.deepEqual(
      [GRADCHECK_DEFAULTS.rtol, GRADCHECK_DEFAULTS.atol, GRADCHECK_DEFAULTS.step, GRADCHECK_DEFAULTS.trials],
      [1e-3, 1e-5, 1e-6, 3],
    );
  });

  it('driver.py limits a check’s processes to the same number as the host', () => {
    const driver = readFileSync(path.join(ROOT, 'src', 'gradcheck', 'python', 'driver.py'), 'utf8');
    assert.equal(Number(/^MAX_PROCESSES = (\d+)$/m.exec(driver)?.[1]), GRADCHECK_DEFAULTS.maxProcesses);
  });

  it('the trials setting’s description names the scales the trials take in turn', () => {
    const en = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const zh = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
    const [a, b, c] = TRIAL_SCALES;
    assert.ok(en['config.gradcheck.trials'].includes(`${a}, ${b} and ${c}`), en['config.gradcheck.trials']);
    assert.ok(zh['config.gradcheck.trials'].includes(`${a}、${b} 和 ${c}`), zh['config.gradcheck.trials']);
  });
});

describe('grad-check defaults: a user’s value kept in range (settingValue)', () => {
  it('keeps a value in range', () => {
    assert.equal(settingValue('rtol', 0.05), 0.05);
    assert.equal(settingValue('timeoutSeconds', 2.5), 2.5);
    assert.equal(settingValue('atol', 0), 0);
  });

  it('moves a value beyond an inclusive end to that end', () => {
    assert.equal(settingValue('trials', 1_000_000), 20);
    assert.equal(settingValue('trials', -4), 1);
    assert.equal(settingValue('timeoutSeconds', 1e12), 600);
    assert.equal(settingValue('memoryLimitMB', 1), 64);
    assert.equal(settingValue('step', 5), 0.1);
  });

  it('gives the default at or below an exclusive minimum, and for what is not a finite number', () => {
    assert.equal(settingValue('rtol', 0), 1e-3);
    assert.equal(settingValue('timeoutSeconds', -1), 10);
    for (const bad of [NaN, Infinity, '5', null, undefined, {}])
      assert.equal(settingValue('loadTimeoutSeconds', bad), 60, JSON.stringify(bad) ?? 'undefined');
  });

  it('rounds integer settings', () => {
    assert.equal(settingValue('trials', 4.6), 5);
    assert.equal(settingValue('memoryLimitMB', 100.2), 100);
  });
});
