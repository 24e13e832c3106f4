// One error class decides what a person sees; anything else is logged and shown as a generic
// message with the request id.
export const errorStatus = {
  invalid_input: 400,
  invalid_credentials: 401,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  session_expired: 410,
  session_used: 410,
  session_revoked: 410,
  payload_too_large: 413,
  missing_scopes: 422,
  rate_limited: 429,
  provider_error: 502,
  provider_unreachable: 503,
  unavailable: 503,
  database_unavailable: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fieldErrors?: FieldErrors;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, userMessage: string, options: { fieldErrors?: FieldErrors; retryAfterSeconds?: number; status?: number } = {}) {
    super(userMessage);
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? errorStatus[code];
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors; requestId?: string };
