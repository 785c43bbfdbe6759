import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsOptional } from 'class-validator';
import { Roles } from '../auth/decorators';
import { ApiError } from '../errors/http-error.filter';
import { CLOCK, type Clock } from './clock';

/**
 * A clock an operator can move forwards: for simulating a programme year through the real services (the
 * generator and the acceptance test walk a year in minutes). Between moves it runs with real time, so
 * durations inside one simulated day stay real. It never moves backwards, so event order and deadlines
 * stay consistent. Refused in production by configuration.
 */
export class ControlledClock implements Clock {
  private offsetMs = 0;
  private floor = 0;
  private moved = false;
  private frozen = false;

  now(): Date {
    if (this.frozen) return new Date(this.floor);
    // Monotonic even if the host clock steps back.
    const t = Math.max(Date.now() + this.offsetMs, this.floor);
    this.floor = t;
    return new Date(t);
  }

  /**
   * Moves the clock to `at`; returns false (and does nothing) when `at` is before the current time. The
   * first move may go anywhere (a simulation starts by setting the scene, e.g. a past programme year).
   */
  moveTo(at: Date, opts: { frozen?: boolean } = {}): boolean {
    const target = at.getTime();
    if (this.moved && target < this.now().getTime()) return false;
    this.moved = true;
    this.offsetMs = target - Date.now();
    this.floor = target;
    // Frozen: time stands still until the next move, so a replayed plan records exactly its planned instants.
    this.frozen = opts.frozen ?? false;
    return true;
  }
}

export class MoveClockRequest {
  @ApiProperty({ example: '2021-03-01T08:00:00.000Z', description: 'The new current time; never before the present one.' })
  @IsISO8601({ strict: true })
  now!: string;

  @ApiProperty({ required: false, description: 'Stop the clock at `now` until the next move (replaying a plan).' })
  @IsOptional()
  @IsBoolean()
  frozen?: boolean;
}

@ApiTags('admin')
@Controller('admin/clock')
export class ClockController {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  @Get()
  @Roles('admin')
  current(): { now: string; controlled: boolean } {
    return { now: this.clock.now().toISOString(), controlled: this.clock instanceof ControlledClock };
  }

  @Put()
  @Roles('admin')
  move(@Body() body: MoveClockRequest): { now: string } {
    if (!(this.clock instanceof ControlledClock)) {
      throw new ApiError('conflict', 'CLOCK.NOT_CONTROLLED', 'This service runs on the system clock; start it with CLOCK_MODE=controlled (never in production) to move time.');
    }
    if (!this.clock.moveTo(new Date(body.now), { frozen: body.frozen })) {
      throw new ApiError('conflict', 'CLOCK.BACKWARDS', `The clock is at ${this.clock.now().toISOString()} and never moves backwards.`);
    }
    return { now: this.clock.now().toISOString() };
  }
}
