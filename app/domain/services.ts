// What an admin types for a service (an agency of the organisation, which holds teams).
import { z } from "zod";
import { SERVICE_KIND_KEYS } from "~/domain/vocabulary";

export const ServiceSchema = z.object({
  name: z
    .string({ required_error: "Enter the service's name" })
    .trim()
    .min(2, "Service name must be at least 2 characters")
    .max(80, "Service name must be 80 characters or fewer"),
  kind: z.enum(SERVICE_KIND_KEYS, { errorMap: () => ({ message: "Choose what kind of service it is" }) }),
});
