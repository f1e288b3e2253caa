// Wrong check-in codes, counted per client address in this process's memory only: nothing about
// who tried a code is written anywhere. Only codes of the right shape that match no unused code
// count, so a typo of the wrong length or a shared control-room PC where many people answer
// (one address, each with their own code) is not held up.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { clientIpOf } from "~/security/client-ip.server";
import { singleton } from "~/utils/singleton.server";

export const WRONG_CODES_ALLOWED = 20;
export const WRONG_CODE_WINDOW_SECONDS = 15 * 60;

const wrongCodes = () =>
  singleton("check-in-wrong-codes", () => new RateLimiterMemory({ points: WRONG_CODES_ALLOWED, duration: WRONG_CODE_WINDOW_SECONDS }));

const keyOf = (request: Request) => clientIpOf(request) ?? "unknown address";

/** Seconds this address must wait before trying another code, or 0 when it may try now. */
export async function wrongCodeWait(request: Request) {
  const state = await wrongCodes().get(keyOf(request));
  return state && state.consumedPoints >= WRONG_CODES_ALLOWED ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;
}

/** Counts a wrong code from this address. */
export async function countWrongCode(request: Request) {
  try {
    await wrongCodes().consume(keyOf(request));
  } catch (error) {
    // Over the limit already: the next attempt is refused by wrongCodeWait.
    if (!(error instanceof RateLimiterRes)) throw error;
  }
}
