// What an admin types for a team.
import { z } from "zod";

export const TeamNameSchema = z
  .string({ required_error: "Enter the team's name" })
  .trim()
  .min(2, "Team name must be at least 2 characters")
  .max(80, "Team name must be 80 characters or fewer");
