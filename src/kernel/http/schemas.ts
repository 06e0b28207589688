import { Type } from 'typebox';

/** The error body every route may answer with, for the OpenAPI document. */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    type: Type.String(),
    code: Type.String(),
    message: Type.String(),
    param: Type.Optional(Type.String()),
  }),
});

/**
 * The error answers of a route, plus untyped success answers for routes whose bodies are
 * prebuilt JSON read models (sent as strings) or small ad-hoc objects.
 */
export const ErrorResponses = {
  200: Type.Unknown(),
  201: Type.Unknown(),
  202: Type.Unknown(),
  204: Type.Unknown(),
  400: ErrorResponse,
  401: ErrorResponse,
  402: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  429: ErrorResponse,
};
