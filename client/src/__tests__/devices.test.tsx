import { fireEvent, render, screen, waitFor } from '@testing-library/react-native';
import type { DeviceSession } from '../api/types';
import { EngineContext } from '../app/EngineContext';
import type { Engine } from '../app/engine';
import { DevicesSection } from '../components/DevicesSection';

function fakeEngine(devices: DeviceSession[]) {
  let list = devices;
  const api = {
    sessions: jest.fn(async () => list),
    signOutDevice: jest.fn(async (id: string) => { list = list.filter((d) => d.id !== id); }),
  };
  return { api, signOutEverywhere: jest.fn(async () => undefined) };
}

async function renderWith(engine: ReturnType<typeof fakeEngine>) {
  return await render(<EngineContext.Provider value={engine as unknown as Engine}><DevicesSection /></EngineContext.Provider>);
}

const phone: DeviceSession = { id: 's2', deviceName: 'Pixel 9', createdAt: '2026-11-20T08:00:00Z', lastActiveAt: '2026-11-23T08:00:00Z', current: false };
const here: DeviceSession = { id: 's1', deviceName: 'Chrome on the web', createdAt: '2026-11-24T08:00:00Z', lastActiveAt: '2026-11-24T08:00:00Z', current: true };

describe('signed-in devices', () => {
  it('lists this device first and signs another one out', async () => {
    const engine = fakeEngine([phone, here]);
    await renderWith(engine);
    const rows = await screen.findAllByLabelText(/^Device /);
    expect(rows.map((r) => r.props.accessibilityLabel)).toEqual(['Device Chrome on the web, this device', 'Device Pixel 9']);
    expect(screen.queryByLabelText('Sign out Chrome on the web')).toBeNull();

    await fireEvent.press(screen.getByLabelText('Sign out Pixel 9'));
    await waitFor(() => expect(screen.queryByLabelText('Device Pixel 9')).toBeNull());
    expect(engine.api.signOutDevice).toHaveBeenCalledWith('s2');
  });

  it('asks before signing out everywhere', async () => {
    const engine = fakeEngine([here]);
    await renderWith(engine);
    await screen.findByLabelText('Device Chrome on the web, this device');
    await fireEvent.press(screen.getByLabelText('Sign out everywhere'));
    expect(engine.signOutEverywhere).not.toHaveBeenCalled();
    await fireEvent.press(screen.getByLabelText('Cancel'));
    await fireEvent.press(screen.getByLabelText('Sign out everywhere'));
    await fireEvent.press(screen.getByLabelText('Yes, sign out everywhere'));
    await waitFor(() => expect(engine.signOutEverywhere).toHaveBeenCalledTimes(1));
  });
});
