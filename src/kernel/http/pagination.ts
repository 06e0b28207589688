import { Type } from 'typebox';
import { AppError } from '../errors.js';

/**
 * Lists are cursor-paginated: the cursor is the opaque id of the last row of the previous
 * page, and ids sort by creation time, so pages stay stable while rows are added.
 */
export const MAX_PAGE_SIZE = 100;

export const PageQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]{3}_[0-9A-Z]{26}$/.test(decoded))
    throw new AppError('validation_failed', { param: 'cursor', message: 'The cursor is not valid.' });
  return decoded;
}

/** Given `limit + 1` rows, returns one page and the cursor of the next, if any. */
export function toPage<Row extends { id: string }, Out>(rows: Row[], limit: number, present: (row: Row) => Out) {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(present),
    next_cursor: hasMore && last ? encodeCursor(last.id) : null,
  };
}

export function PageOf<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
  });
}

/** A page whose items are already JSON text (prebuilt read models), as one JSON document. */
export function jsonTextPage(page: { data: string[]; next_cursor: string | null }): string {
  return `{"data":[${page.data.join(',')}],"next_cursor":${JSON.stringify(page.next_cursor)}}`;
}
