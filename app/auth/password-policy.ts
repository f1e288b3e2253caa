import { z } from "zod";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/**
 * A new password: 12 to 128 characters, no composition rules (NIST SP 800-63B, ASVS 5.0).
 * The server adds the check against common passwords (password-policy.server.ts).
 */
export const NewPasswordSchema = z
  .string({ required_error: "Enter a password" })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Password must be ${PASSWORD_MAX} characters or fewer`);

export const SetPasswordSchema = z
  .object({
    password: NewPasswordSchema,
    confirmPassword: z.string({ required_error: "Enter the password again" }),
  })
  .refine((value) => value.password === value.confirmPassword, {
    message: "The passwords do not match",
    path: ["confirmPassword"],
  });
