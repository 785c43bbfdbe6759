import { MemberRequest } from '../household.request.dto';

/** A person joining an existing household; the head cannot be replaced this way. */
export class AddHouseholdMemberRequest extends MemberRequest {}
