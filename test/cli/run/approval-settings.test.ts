import { describe, expect, it } from 'vitest';
import { approvalSettings } from '../../../cli/run/approval-settings.js';
import { parseConfig } from '../../../config/parse.js';
import { parseDurationSeconds } from '../../../config/duration.js';
import { thrown } from '../../support/thrown.js';

const fromYaml = (yaml: string) => parseConfig(yaml, 'tandem.yaml').config.run;

describe('approval gates: tandem.yaml, then --approve', () => {
  it('none unless asked for', () => {
    expect(approvalSettings(fromYaml(''), {})).toEqual({});
  });

  it('run.approve as a list or one comma string; the flags (repeatable, comma lists) replace it; each gate once, in order', () => {
    expect(approvalSettings(fromYaml('run: { approve: [final, each] }'), {})).toEqual({ approve: ['each', 'final'] });
    expect(approvalSettings(fromYaml('run: { approve: "plan, each" }'), {})).toEqual({ approve: ['plan', 'each'] });
    expect(approvalSettings(fromYaml('run: { approve: [plan] }'), { approve: ['final,each', 'each'] })).toEqual({ approve: ['each', 'final'] });
  });

  it('reminders: a duration from the flag or the file, in seconds', () => {
    expect(approvalSettings(fromYaml('run: { approve: each, approveRemind: 4h }'), {})).toEqual({ approve: ['each'], approveRemindSeconds: 14_400 });
    expect(approvalSettings(fromYaml(''), { approve: ['each'], approveRemind: '1h30m' })).toEqual({ approve: ['each'], approveRemindSeconds: 5400 });
    expect([parseDurationSeconds('90s'), parseDurationSeconds('2d'), parseDurationSeconds('0m'), parseDurationSeconds('4 hours')]).toEqual([90, 172_800, undefined, undefined]);
  });

  it('a gate or duration it does not know is a usage error naming the choices; so is a reminder without a gate', () => {
    const gate = thrown(() => approvalSettings(fromYaml(''), { approve: ['each,sometimes'] }));
    expect(gate).toMatchObject({ code: 'USAGE', exitCode: 2, message: '--approve takes plan, each, final, got "sometimes".' });
    const remind = thrown(() => approvalSettings(fromYaml(''), { approve: ['each'], approveRemind: '-1h' }));
    expect(remind).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(thrown(() => approvalSettings(fromYaml(''), { approveRemind: '4h' }))).toMatchObject({ code: 'USAGE' });
    expect(() => fromYaml('run: { approve: [always] }')).toThrow(/run\.approve/);
    expect(() => fromYaml('run: { approve: each, approveRemind: soon }')).toThrow(/expected a duration such as 30m/);
  });
});
