/**
 * The hold primitive tests synchronise on: a held request is not answered
 * until the test releases it, other requests pass, and a client that gives
 * up while held leaves the fake working.
 */
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/index.js';
import { RequestHolds } from './held-requests.js';

const ask = (url: string, task: string, signal?: AbortSignal) =>
  fetch(`${url}/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `Task ${task}: do it` }] }),
    signal,
  });

describe('held model requests', () => {
  it('answers a held request only after release, and lets other requests through meanwhile', async () => {
    const holds = new RequestHolds();
    const fake = await startFakeOpenAI({ script: holds.around((request) => ({ text: `answer for ${request.body.messages[0].content}` })) });
    const t2 = holds.hold((c) => c.taskId === 'T2', 'T2');
    const answered: string[] = [];
    const held = ask(fake.url, 'T2').then(async (res) => answered.push(((await res.json()) as any).choices[0].message.content));
    expect((await t2.arrived()).taskId).toBe('T2');

    const other: any = await (await ask(fake.url, 'T1')).json();
    expect(other.choices[0].message.content).toBe('answer for Task T1: do it');
    expect(answered).toEqual([]);

    t2.release();
    await held;
    expect(answered).toEqual(['answer for Task T2: do it']);
    // The hold was used up: the next T2 request is answered at once.
    expect(((await (await ask(fake.url, 'T2')).json()) as any).choices[0].message.content).toBe('answer for Task T2: do it');
    fake.assertClean();
    await fake.close();
  });

  it('holds only requests that arrive after the hold, and survives a client that gives up', async () => {
    const holds = new RequestHolds();
    const fake = await startFakeOpenAI({ script: holds.around(() => ({ text: 'ok' })) });
    expect((await ask(fake.url, 'T1')).status).toBe(200);
    const t1 = holds.hold((c) => c.taskId === 'T1', 'T1');
    const controller = new AbortController();
    const abandoned = ask(fake.url, 'T1', controller.signal).catch((error: Error) => error.name);
    await t1.arrived();
    controller.abort();
    expect(await abandoned).toBe('AbortError');
    t1.release(); // the answer has nowhere to go; the fake must not fail
    expect((await ask(fake.url, 'T1')).status).toBe(200);
    expect(fake.requests).toHaveLength(3);
    fake.assertClean();
    await fake.close();
  });

  it('names what it waited for when the request never comes', async () => {
    const holds = new RequestHolds();
    const never = holds.hold(() => true, "T9's first model call");
    await expect(never.arrived(50)).rejects.toThrow("timed out after 50 ms waiting for T9's first model call to reach the fake");
  });
});
