import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EnrollmentError } from '@fpi/enrollment-domain';
import type { RequestContext } from '../../request-context';
import { offsetOf } from '../../shared/pagination';
import { regionPrefixFor } from '../../shared/region-scope';
import { ReferrerRepository } from '../referrer.repository';
import { referrerResponse, type ReferrerPageResponse, type ReferrerResponse } from '../referrer.response';
import type { ListReferrersQuery } from './get-referrers.request.dto';

@Injectable()
export class GetReferrersHandler {
  constructor(private readonly ds: DataSource, private readonly referrers: ReferrerRepository) {}

  async one(referrerId: string): Promise<ReferrerResponse> {
    const r = await this.referrers.load(this.ds.manager, referrerId);
    if (!r) throw new EnrollmentError('ENROLLMENT.REFERRER_NOT_FOUND', 'not_found', 'no such referrer');
    return referrerResponse(r);
  }

  async list(q: ListReferrersQuery, ctx: RequestContext): Promise<ReferrerPageResponse> {
    const region = regionPrefixFor({ villageCode: q.regionCode }, ctx.regionPrefix);
    if (region === 'nothing') return { items: [], page: q.page, pageSize: q.pageSize, total: 0 };
    const { items, total } = await this.referrers.list(this.ds.manager, { villageCodePrefix: region.prefix }, q.pageSize, offsetOf(q));
    return { items: items.map(referrerResponse), page: q.page, pageSize: q.pageSize, total };
  }
}

