// The baseline for bench/http.mjs: a bare Fastify 5 hello-world, no logger, no plugins.
// GET / → {"hello":"world"}. Listens on PORT (HOST, default 127.0.0.1).
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST || '127.0.0.1' });
process.stderr.write(`hello-world listening on ${app.server.address().port}\n`);
