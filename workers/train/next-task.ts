// Yield to the event loop for one macrotask, so messages queued for the worker (pause, stop,
// setMix) are handled between training steps. On wasm and cpu a readback resolves as a microtask
// and never lets them in; setTimeout(0) would do, but nested timers are clamped to 4 ms, so this
// posts to its own MessageChannel instead. In Node the port holds the process open only while a
// caller waits (ref/unref; browsers have neither and need neither).
interface NodePort {
  ref?: () => void;
  unref?: () => void;
}

let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

function port(): MessagePort & NodePort {
  if (!channel) {
    channel = new MessageChannel();
    const receiver = channel.port1 as MessagePort & NodePort;
    receiver.onmessage = () => {
      waiting.shift()?.();
      if (waiting.length === 0) receiver.unref?.();
    };
    receiver.unref?.();
  }
  return channel.port1 as MessagePort & NodePort;
}

export function nextTask(): Promise<void> {
  const receiver = port();
  return new Promise((resolve) => {
    if (waiting.length === 0) receiver.ref?.();
    waiting.push(resolve);
    channel!.port2.postMessage(null);
  });
}
