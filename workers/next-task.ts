// Yield to the event loop for one macrotask, so requests queued for the engine (pause, stop,
// setMix, stopGenerating) are handled between training steps and generated tokens. On wasm and
// cpu a readback resolves as a microtask and never lets them in. setTimeout(0) would do, but
// nested timers are clamped to 4 ms. In Node, setImmediate (it runs after pending I/O and due
// timers, and holds the process open only while awaited); in browsers, a message to our own
// MessageChannel (the engine's requests arrive as messages too, in order with it).
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

function postToSelf(resolve: () => void): void {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  waiting.push(resolve);
  channel.port2.postMessage(null);
}

export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else postToSelf(resolve);
  });
}
