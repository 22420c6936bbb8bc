/**
 * A mistake the user can fix (unknown place, bad option, query too long). Its message is shown to them as is;
 * anything that is not a UserError is a bug, logged in full and answered with one calm generic line.
 */
export class UserError extends Error {
  /** Stable machine-readable reason, e.g. `unknown-place`, `bad-option`, `query-too-long`. */
  readonly code: string;
  /** Optional follow-up commands to offer (did-you-mean, disambiguation). */
  readonly choices: { label: string; command: string }[];

  constructor(code: string, message: string, choices: { label: string; command: string }[] = []) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    this.choices = choices;
  }
}

/** True when `err` is a {@link UserError}. */
export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/**
 * Something the operator must fix, found while starting (a token the platform refused). Its message says
 * what and where; it is printed alone, without a stack trace, and the start stops.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
