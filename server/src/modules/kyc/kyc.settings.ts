/**
 * The settings 客户信息完善 reads (pure: zod schemas, no I/O): its own `kyc` (migration 0040; edited on
 * 系统设置 through admin.settings.ts, which imports it from here) and the risk assessment's validity
 * from `suitability` (read here by value, so that this module stays below admin and suitability:
 * the importer's derivation refreshes the scores, and admin sits above the importer).
 */
import { z } from 'zod';

/** The completeness (0–100 %) below which a customer is a to-do (信息待完善) of the staff member serving them. */
export const kycSchema = z.object({
  todoThreshold: z.number().int().min(1).max(100),
});
export type KycSettings = z.infer<typeof kycSchema>;
export const DEFAULT_KYC: KycSettings = { todoThreshold: 80 };

/** `suitability.validityYears` (admin.settings.ts suitabilitySchema): how many years a risk assessment counts. */
export const validityYearsSchema = z.number().int().min(1).max(10);
