import { z } from 'zod';
import { userSchema } from './auth.ts';

// First run: the one-time creation of the super administrator on an empty deployment.

export const setupStatus = z.object({
  needed: z.boolean().describe('true while the deployment has no users at all'),
});

export const setupBody = z.strictObject({
  setupCode: z
    .string()
    .max(64)
    .describe('the one-time code `vellum serve` prints in its log at start, and `vellum setup-code` prints'),
  email: z.email().max(254),
  password: z.string().max(256),
});

export const setupResponse = z.object({ user: userSchema });
