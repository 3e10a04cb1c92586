/**
 * What docker-compose.yml's jobs must leave behind on a real cluster for Tandem
 * to run there: a server persisting to PostgreSQL (not the dev server's SQLite),
 * the namespace, and every search attribute Tandem sets, with Tandem's types.
 */
import { describe, expect, it } from 'vitest';
import { temporal as proto } from '@temporalio/proto';
import { connectTestTemporal } from '../support/temporal.js';
import { RUN_SEARCH_ATTRIBUTES } from '../../temporal/search-attributes.js';

describe("the cluster docker-compose.yml's scripts set up", () => {
  it('persists to PostgreSQL, for executions and visibility', async () => {
    const temporal = await connectTestTemporal();
    try {
      const info = await temporal.client.workflowService.getClusterInfo({});
      expect(info.persistenceStore).toBe('postgres12');
      expect(info.visibilityStore).toContain('postgres12');
      expect(info.serverVersion).toMatch(/^1\.\d+\.\d+/);
    } finally {
      await temporal.close();
    }
  });

  it("registers every search attribute Tandem sets, with Tandem's types", async () => {
    const temporal = await connectTestTemporal();
    try {
      const listed = await temporal.client.connection.operatorService.listSearchAttributes({ namespace: temporal.namespace });
      const custom = Object.fromEntries(
        Object.entries(listed.customAttributes ?? {}).map(([name, type]) => [name, proto.api.enums.v1.IndexedValueType[type]]),
      );
      for (const [name, type] of Object.entries(RUN_SEARCH_ATTRIBUTES)) {
        expect(custom[name], name).toBe(`INDEXED_VALUE_TYPE_${type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`);
      }
    } finally {
      await temporal.close();
    }
  });
});
