import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors.js';
import type { MediaContext } from './service.js';
import { PRIVATE_PREFIX } from './service.js';

/** Serves public image variants. Keys hold the image id, so their bytes never change. */
export function mediaHttp(context: MediaContext) {
  return async function mediaRoutes(app: FastifyInstance): Promise<void> {
    app.get(
      '/media/*',
      { schema: { hide: true, params: Type.Object({ '*': Type.String({ maxLength: 200 }) }) } },
      async (request, reply) => {
        const key = (request.params as { '*': string })['*'];
        if (key.startsWith(`${PRIVATE_PREFIX}/`) || !/^img\/img_[0-9A-Z]{26}\/[a-z]+\.(webp|jpg|png)$/.test(key)) {
          throw new AppError('not_found');
        }
        const blob = await context.blobs.get(key);
        if (!blob) throw new AppError('not_found');
        reply.header('cache-control', 'public, max-age=31536000, immutable');
        reply.header('cross-origin-resource-policy', 'cross-origin');
        return reply.type(blob.contentType).send(blob.bytes);
      },
    );
  };
}
