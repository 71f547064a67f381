import net from 'node:net';

// Set up before each pure spec (jest.unit.config.js): PostgreSQL (pg) and Redis (ioredis) both connect
// through net.Socket, so refusing every connection here makes a spec that needs a service fail loudly under
// `npm run test:unit` instead of hanging or passing by luck. Such a spec belongs in test/.
net.Socket.prototype.connect = function refuse(this: net.Socket, ...args: unknown[]): never {
  const [first, second] = args;
  const target = typeof first === 'object' && first !== null ? JSON.stringify(first) : `${typeof second === 'string' ? second : 'localhost'}:${String(first)}`;
  throw new Error(`A pure spec opened a network connection (${target}): move it to test/, where npm test starts PostgreSQL and Redis`);
};
