/** Why a picture could not be drawn; `message` is written for the person who asked. */
export class PictureError extends Error {
  constructor(
    /** `font-missing`: a bundled font file is not installed; `nothing-to-draw`: no incidents to show. */
    readonly code: 'font-missing' | 'nothing-to-draw',
    message: string,
  ) {
    super(message);
    this.name = 'PictureError';
  }
}

/** True for a {@link PictureError}. */
export function isPictureError(err: unknown): err is PictureError {
  return err instanceof PictureError;
}
