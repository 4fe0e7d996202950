import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDemoBridge } from '../../../src/renderer/dev/demo-bridge';
import type { SignInStage } from '../../../src/shared/domain';

describe('the demo bridge of `npm run dev`', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('plays a device sign-in through its stages and adds the account', async () => {
    vi.useFakeTimers();
    const demo = createDemoBridge();
    const before = await demo.accountsList();
    const stages: SignInStage[] = [];
    demo.on('sign-in-progress', (progress) => stages.push(progress.stage));

    const started = await demo.signInStart({ provider: 'github', method: 'device' });
    expect(started.ok).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);

    expect(stages).toEqual(['waiting-for-device', 'exchanging', 'fetching-profile', 'storing', 'done']);
    const after = await demo.accountsList();
    expect(before.ok && after.ok && after.value.length - before.value.length).toBe(1);
  });

  it('stops a cancelled sign-in before it adds anything', async () => {
    vi.useFakeTimers();
    const demo = createDemoBridge();
    const stages: SignInStage[] = [];
    demo.on('sign-in-progress', (progress) => stages.push(progress.stage));
    const started = await demo.signInStart({ provider: 'google', method: 'browser' });
    if (!started.ok) throw new Error('the demo did not start a sign-in');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await demo.signInCancel({ flowId: started.value.flowId })).toEqual({ ok: true, value: null });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(stages).toEqual(['opening-browser', 'waiting-for-browser']);
  });

  it('refreshes an account after a moment, and fails it while the browser is offline', async () => {
    vi.useFakeTimers();
    const demo = createDemoBridge();
    const listed = await demo.accountsList();
    const active = listed.ok ? listed.value.find((account) => account.status === 'active') : undefined;
    if (!active) throw new Error('the demo has no active account');

    const refreshing = demo.accountRefresh({ accountId: active.id });
    await vi.advanceTimersByTimeAsync(700);
    expect(await refreshing).toMatchObject({ ok: true, value: { id: active.id, status: 'active' } });

    window.dispatchEvent(new Event('offline'));
    const offline = demo.accountRefresh({ accountId: active.id });
    await vi.advanceTimersByTimeAsync(700);
    expect(await offline).toMatchObject({ ok: false, error: { code: 'network' } });
    const status = await demo.statusGet();
    expect(status.ok && status.value.online).toBe(false);
  });
});
