/** An error a person should see: status, a short title and what to do next. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    /** Optional machine-readable reason (shown small on the page, returned in JSON). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** 400 with a message naming what is wrong with the input. */
export function badRequest(message: string, code = 'BAD_REQUEST'): HttpError {
  return new HttpError(400, 'Something in the request is not right', message, code);
}

/** 403: the actor is known but may not do this. */
export function forbidden(message = 'Your role in this course does not include this page. If you think it should, ask your program admin.'): HttpError {
  return new HttpError(403, 'Not available for your role', message, 'FORBIDDEN');
}

/** 404: not found (also used for records of another tenant, so their existence does not leak). */
export function notFound(what = 'page'): HttpError {
  return new HttpError(404, 'Not found', `This ${what} does not exist or is not shared with you.`, 'NOT_FOUND');
}
