import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError } from '@fpi/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id cannot name anything: answer 404 like any unknown id rather than explain the format. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly notFoundCode = 'REQUEST.NOT_FOUND') {}
  transform(value: string): string {
    if (!UUID.test(value)) throw new ApiError('not_found', this.notFoundCode, 'No such resource.');
    return value.toLowerCase();
  }
}
