import type { QueryLimits } from '@fpi/reporting-domain';

export interface ReportLimits extends QueryLimits {
  /** Most rows one report, list page or CSV export may hold. */
  exportRowsMax: number;
}

export const REPORT_LIMITS = Symbol('REPORT_LIMITS');
