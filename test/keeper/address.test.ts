import { expect, it } from 'vitest';
import { keeperAddress, MAX_SOCKET_PATH } from '../../keeper/address.js';
import { workspaceQueueOf } from '../../temporal/workspace-queue.js';

const IDENTITY = { provider: 'openai', baseUrl: 'http://127.0.0.1:4000/v1', baseUrlEnv: 'OPENAI_BASE_URL', keyEnv: 'OPENAI_API_KEY', keyFingerprint: '0a1b2c3d' };
const home = '/home/me/.tandem';

it('is one keeper per state directory, run queue, endpoint identity and call environment, whatever queue of the run the activity came from', () => {
  const address = keeperAddress({ home, taskQueue: 'tandem/run/abc', identity: IDENTITY, environment: 'e0' });
  expect(address.socket).toMatch(/^\/home\/me\/\.tandem\/keepers\/[0-9a-f]{16}\.sock$/);
  expect(Buffer.byteLength(address.socket)).toBeLessThan(MAX_SOCKET_PATH);
  expect(keeperAddress({ home, taskQueue: workspaceQueueOf('tandem/run/abc', '0123456789'), identity: { ...IDENTITY }, environment: 'e0' })).toEqual(address);

  const others = [
    keeperAddress({ home: '/srv/tandem', taskQueue: 'tandem/run/abc', identity: IDENTITY, environment: 'e0' }),
    keeperAddress({ home, taskQueue: 'tandem/run/other', identity: IDENTITY, environment: 'e0' }),
    keeperAddress({ home, taskQueue: 'tandem/run/abc', identity: { ...IDENTITY, keyFingerprint: 'ffffffff' }, environment: 'e0' }),
    keeperAddress({ home, taskQueue: 'tandem/run/abc', identity: { ...IDENTITY, baseUrl: 'http://127.0.0.1:4001/v1' }, environment: 'e0' }),
    // Another OPENAI_ORG_ID, proxy or CA file: another keeper.
    keeperAddress({ home, taskQueue: 'tandem/run/abc', identity: IDENTITY, environment: 'e1' }),
    // A rebuilt Tandem: another keeper program.
    keeperAddress({ home, taskQueue: 'tandem/run/abc', identity: IDENTITY, environment: 'e0', build: '1700000000000-4096' }),
  ];
  for (const other of others) expect(other.socket).not.toBe(address.socket);
});
