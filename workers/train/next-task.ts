// Yield to the event loop for one macrotask, so messages queued for the worker (pause, stop,
// setMix) are handled between training steps. On wasm and cpu a readback resolves as a microtask
// and never lets them in; setTimeout(0) would do, but nested timers are clamped to 4 ms, so this
// posts to its own MessageChannel instead (unref'd in Node so it never keeps a process alive).
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

export function nextTask(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
    (channel.port1 as { unref?: () => void }).unref?.();
    (channel.port2 as { unref?: () => void }).unref?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}
