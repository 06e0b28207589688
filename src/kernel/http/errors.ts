import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** "/address/city" with a missing property "zip" becomes "address.city.zip". */
function paramOf(issue: ValidationIssue): string | undefined {
  const path = issue.instancePath.split('/').filter(Boolean);
  const extra = (issue.params.missingProperty as string | undefined) ?? (issue.params.additionalProperty as string | undefined);
  if (extra) path.push(extra);
  return path.length > 0 ? path.join('.') : undefined;
}

function fromValidation(error: FastifyError): AppError {
  const issue = error.validation?.[0] as ValidationIssue | undefined;
  if (!issue) return new AppError('validation_failed');
  const param = paramOf(issue);
  if (issue.keyword === 'additionalProperties') {
    return new AppError('unknown_field', { param, message: `Unknown field "${param}".` });
  }
  const where = param ? `"${param}"` : 'The request';
  const message = `${where} ${issue.message ?? 'is not valid'}.`;
  return new AppError('validation_failed', { param, message });
}

/** Maps whatever a route threw to the catalog's error body; anything unexpected is a 500. */
export function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (error.validation) return fromValidation(error);
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('body_too_large');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('malformed_json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('validation_failed', { message: 'The Content-Length header is not right.' });
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return new AppError('malformed_json');
  return new AppError('internal_error');
}

export function registerErrorHandling(app: FastifyInstance, logUnexpected: (request: FastifyRequest, error: Error) => void): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) logUnexpected(request, error);
    if (appError.headers) reply.headers(appError.headers);
    return reply.status(appError.status).send(appError.toBody());
  });
}
