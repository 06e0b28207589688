/**
 * The one catalog of stable error codes. Each code has an HTTP status and a type; the
 * response body is `{ "error": { "type", "code", "message", "param" } }`. Clients branch on
 * `code`, never on `message`. Expected business failures are 4xx; a 5xx is a bug.
 */
export type ErrorType =
  | 'invalid_request'
  | 'authentication'
  | 'authorization'
  | 'not_found'
  | 'conflict'
  | 'rate_limit'
  | 'unsupported_media'
  | 'internal';

interface CatalogEntry {
  readonly status: number;
  readonly type: ErrorType;
  readonly message: string;
}

export const ERROR_CATALOG = {
  validation_failed: { status: 400, type: 'invalid_request', message: 'The request is not valid.' },
  malformed_json: { status: 400, type: 'invalid_request', message: 'The body is not valid JSON.' },
  unknown_field: { status: 400, type: 'invalid_request', message: 'The body has a field this route does not accept.' },
  body_too_large: { status: 413, type: 'invalid_request', message: 'The body is larger than this route accepts.' },
  unsupported_media_type: { status: 415, type: 'unsupported_media', message: 'This content type is not accepted here.' },
  idempotency_key_required: { status: 400, type: 'invalid_request', message: 'This request needs an Idempotency-Key header.' },
  idempotency_key_invalid: {
    status: 400,
    type: 'invalid_request',
    message: 'The Idempotency-Key header must be 1 to 255 visible characters.',
  },
  idempotency_key_reused: { status: 409, type: 'conflict', message: 'This Idempotency-Key was used with a different request.' },
  idempotency_request_in_progress: {
    status: 409,
    type: 'conflict',
    message: 'A request with this Idempotency-Key is still being processed.',
  },
  authentication_required: { status: 401, type: 'authentication', message: 'Sign in first.' },
  invalid_credentials: { status: 401, type: 'authentication', message: 'The email or password is not right.' },
  invalid_api_key: { status: 401, type: 'authentication', message: 'The API key is not valid or was revoked.' },
  csrf_token_invalid: { status: 403, type: 'authorization', message: 'The CSRF token is missing or does not match this session.' },
  forbidden: { status: 403, type: 'authorization', message: 'You may not do this.' },
  too_many_attempts: { status: 429, type: 'rate_limit', message: 'Too many failed attempts; wait before trying again.' },
  email_taken: { status: 409, type: 'conflict', message: 'An account with this email already exists.' },
  weak_password: { status: 400, type: 'invalid_request', message: 'The password is too weak.' },
  not_found: { status: 404, type: 'not_found', message: 'Nothing is here.' },
  route_not_found: { status: 404, type: 'not_found', message: 'No such API route.' },
  api_key_limit_reached: { status: 409, type: 'conflict', message: 'You have as many API keys as one account may hold; revoke one first.' },
  unsupported_image: { status: 415, type: 'unsupported_media', message: 'The file is not a JPEG, PNG or WebP image.' },
  image_too_large: { status: 413, type: 'invalid_request', message: 'The image is larger than 10 MiB.' },
  handle_taken: { status: 409, type: 'conflict', message: 'Another store already has this handle.' },
  already_member: { status: 409, type: 'conflict', message: 'This account is already on the store’s team.' },
  user_not_found: { status: 404, type: 'not_found', message: 'No account has this email.' },
  invalid_skus: { status: 400, type: 'invalid_request', message: 'The SKUs do not match the product’s options.' },
  stock_would_go_negative: { status: 409, type: 'conflict', message: 'Stock cannot go below zero.' },
  invalid_reference: { status: 400, type: 'invalid_request', message: 'The request refers to something that does not exist here.' },
  invalid_transition: { status: 409, type: 'conflict', message: 'This cannot be done in the current state.' },
  out_of_stock: { status: 409, type: 'conflict', message: 'There are not enough of this in stock.' },
  price_changed: { status: 409, type: 'conflict', message: 'A price changed since you added it to your cart; look again before paying.' },
  not_for_sale: { status: 409, type: 'conflict', message: 'This product is not for sale now.' },
  cart_empty: { status: 400, type: 'invalid_request', message: 'Nothing in the cart is selected for checkout.' },
  does_not_ship_there: { status: 409, type: 'conflict', message: 'This store does not ship to that address.' },
  already_paid: { status: 409, type: 'conflict', message: 'This order is already paid.' },
  payment_declined: { status: 402, type: 'invalid_request', message: 'The card was declined.' },
  invalid_signature: { status: 401, type: 'authentication', message: 'The callback signature is not valid.' },
  amount_too_large: { status: 409, type: 'conflict', message: 'The amount is more than is allowed here.' },
  amount_too_small: { status: 400, type: 'invalid_request', message: 'The amount is below the minimum.' },
  not_refundable: {
    status: 409,
    type: 'conflict',
    message: 'A refund can be requested once the order has shipped and until it completes.',
  },
  limit_reached: { status: 409, type: 'conflict', message: 'This has reached the most it may hold.' },
  refund_in_progress: { status: 409, type: 'conflict', message: 'This order already has a refund request in progress.' },
  insufficient_funds: { status: 409, type: 'conflict', message: 'There is not enough money in the account for this.' },
  provider_unavailable: {
    status: 503,
    type: 'internal',
    message: 'The payment provider did not answer; try again with the same Idempotency-Key.',
  },
  service_unavailable: { status: 503, type: 'internal', message: 'The service is starting or stopping.' },
  internal_error: { status: 500, type: 'internal', message: 'Something went wrong on our side.' },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export interface ErrorBody {
  error: { type: ErrorType; code: ErrorCode; message: string; param?: string };
}

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: ErrorType;
  readonly param: string | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, options: { message?: string; param?: string; headers?: Record<string, string> } = {}) {
    const entry: CatalogEntry = ERROR_CATALOG[code];
    super(options.message ?? entry.message);
    this.code = code;
    this.status = entry.status;
    this.type = entry.type;
    this.param = options.param;
    this.headers = options.headers;
  }

  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { type: this.type, code: this.code, message: this.message };
    if (this.param !== undefined) error.param = this.param;
    return { error };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
