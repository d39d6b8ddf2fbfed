import { describeProblem, errorText } from '../api/problem';
import { FrameError } from './connection';

/** Readable text for a failed REST call or socket frame. */
export function problemText(error: unknown): string {
  if (error instanceof FrameError) return describeProblem(error.code, error.message);
  return errorText(error);
}
