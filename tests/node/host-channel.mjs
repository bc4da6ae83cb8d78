// compute-client.mjs's ComputeChannel as far as a run kept by the host uses it (send, listen),
// over compute-host.mjs's host in this process: every message structured-cloned, each way in a
// task of its own, as between the page and the worker.
import { createHost } from '../../web/compute-host.mjs';

export function hostChannel(recur, id = 1) {
  const listeners = new Map();
  const requests = new Map();
  let last = 0;
  const handle = createHost(
    recur,
    (message) =>
      setImmediate(() => {
        const m = structuredClone(message);
        if (m.req) requests.get(m.req)(m);
        else listeners.get(m.type)?.(m);
      }),
    setImmediate,
  );
  return {
    send(type, message, { answer = false } = {}) {
      const req = answer ? ++last : 0;
      return new Promise((resolve) => {
        if (req) requests.set(req, resolve);
        setImmediate(() => handle(structuredClone({ ...message, type, id, req })));
        if (!req) resolve();
      });
    },
    listen(type, f) {
      listeners.set(type, f);
    },
  };
}
