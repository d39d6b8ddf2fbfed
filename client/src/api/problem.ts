/** RFC 9457 problem details, turned into errors with a readable message. */

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; message: string }[];
  /** Extension members, such as an account refusal's `reason` and `until`. */
  [member: string]: unknown;
}

const MESSAGES: Record<string, string> = {
  network: "Can't reach the server. Check your connection and try again.",
  timeout: 'The server took too long to answer. Try again.',
  'malformed-body': 'The app sent something the server did not understand.',
  'unknown-field': 'The app sent something the server did not understand.',
  'wrong-type': 'The app sent something the server did not understand.',
  validation: 'Some of the details are not valid.',
  unauthenticated: 'Your session has ended. Please sign in again.',
  'invalid-credentials': 'Wrong email or password.',
  'invalid-refresh-token': 'Your session has ended. Please sign in again.',
  'refresh-token-reused': 'For your safety this device was signed out. Please sign in again.',
  'invalid-identity-token': 'The sign-in provider did not confirm who you are. Try again.',
  'invalid-sign-in-code': 'That sign-in link has expired. Try again.',
  'provider-disabled': 'That sign-in method is turned off on this server.',
  'account-suspended': 'This account is suspended.',
  'account-banned': 'This account is banned.',
  'invalid-email-token': 'This link has expired or was already used. Ask for a new one.',
  'weak-password': 'Use a password of 8 to 128 characters.',
  'invalid-email': 'That is not an email address.',
  'user-not-found': 'No one with that Parley ID was found.',
  'request-not-found': 'That friend request no longer exists.',
  'not-friends': 'You are not friends with this person.',
  'invalid-presence-visibility': 'Choose My friends or Nobody.',
  'session-not-found': 'That device is already signed out.',
  'not-found': 'Not found.',
  'method-not-allowed': 'This server does not support that yet.',
  'email-in-use': 'An account with that email already exists. Try signing in.',
  'account-exists': 'An account with that email already exists. Sign in with your password instead.',
  'parley-id-taken': 'That Parley ID is already taken.',
  'already-friends': 'You are already friends.',
  'user-blocked': 'You cannot add this person.',
  'payload-too-large': 'That is too large to upload.',
  'unsupported-image': 'Use a JPEG, PNG or WebP picture.',
  'unsupported-media-type': 'That kind of file is not supported.',
  'rate-limited': 'Too many attempts. Wait a moment and try again.',
  'provider-unavailable': 'The sign-in provider could not be reached. Try again later.',
  'internal-error': 'Something went wrong on the server. Try again.',
  'invalid-message': 'The message is empty or too long.',
  'invalid-text': 'That text contains characters that cannot be sent.',
  'message-rejected': 'This message could not be stored. Sending it again will not help.',
  'image-too-large': 'That picture is too large.',
  'corrupt-image': 'That picture could not be read.',
  'conversation-not-found': 'This chat does not exist or you are not in it.',
  'not-a-member': 'You are no longer a member of this chat.',
  'message-not-found': 'That message no longer exists.',
  'not-your-message': 'You can only unsend your own messages.',
  'unsend-window-passed': 'The time to unsend this message has passed.',
  'server-busy': 'The server is busy. The message will be retried.',
  'group-full': 'This group is full.',
  'group-not-found': 'No group with that ID was found.',
  'invalid-return-to': 'The sign-in could not start from this address.',
  'missing-code': 'Sign-in was cancelled.',
  'provider-access_denied': 'Sign-in was cancelled.',
};

export function problemCode(type: string | undefined): string {
  if (!type) return 'unknown';
  const parts = type.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? 'unknown';
}

/** A readable sentence for a problem code; the server's detail when we have no better words. */
export function describeProblem(code: string, detail?: string): string {
  return MESSAGES[code] ?? detail ?? 'Something went wrong. Try again.';
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly fieldErrors: { field: string; message: string }[];
  readonly retryAfterSeconds?: number;
  /** The problem's other members (e.g. `reason`, `until` of account-suspended). */
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(status: number, code: string, detail?: string, fieldErrors: { field: string; message: string }[] = [],
    retryAfterSeconds?: number, extra: Record<string, unknown> = {}) {
    super(ApiError.readable(code, detail, fieldErrors));
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
    this.retryAfterSeconds = retryAfterSeconds;
    this.extra = extra;
  }

  static fromProblem(status: number, problem: ProblemDetails | undefined, retryAfter?: string | null): ApiError {
    const code = problem?.type ? problemCode(problem.type) : status >= 500 ? 'internal-error' : `http-${status}`;
    const seconds = retryAfter ? Number(retryAfter) : undefined;
    return new ApiError(status, code, problem?.detail ?? problem?.title, problem?.errors ?? [],
      seconds !== undefined && Number.isFinite(seconds) ? seconds : undefined, problem ?? {});
  }

  static network(cause?: unknown): ApiError {
    const error = new ApiError(0, 'network');
    if (cause !== undefined) (error as { cause?: unknown }).cause = cause;
    return error;
  }

  get isNetwork(): boolean {
    return this.code === 'network' || this.code === 'timeout';
  }

  private static readable(code: string, detail: string | undefined, fieldErrors: { field: string; message: string }[]): string {
    if (code === 'validation' && fieldErrors.length > 0) {
      return fieldErrors.map((e) => `${humanField(e.field)}: ${e.message}`).join('\n');
    }
    if (code.startsWith('http-')) return detail ?? `The server answered ${code.slice(5)}.`;
    return describeProblem(code, detail);
  }
}

function humanField(field: string): string {
  const spaced = field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Any thrown value as text a person can read. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}
