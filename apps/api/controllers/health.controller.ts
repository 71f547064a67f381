import { Controller, Get, HttpCode, Inject, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS, WORKER_HEARTBEAT_KEY } from '#libs/queue';
import { Public } from '../http/policy.decorator.js';

/** The worker's heartbeat job runs every minute; three missed beats means it has stalled. */
const WORKER_STALE_AFTER_MS = 3 * 60_000;

type Check = { status: 'up' | 'down' | 'stale' | 'unknown'; detail?: string };

async function check(fn: () => Promise<unknown>): Promise<Check> {
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 2000))]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', detail: (error as Error).message };
  }
}

@ApiTags('health')
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Public()
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is running' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when PostgreSQL and Redis answer; 503 naming the one that does not. Reports the worker too. */
  @Public()
  @Get('ready')
  @ApiOkResponse({ description: 'PostgreSQL and Redis answer' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the body names it' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [postgres, redis] = await Promise.all([check(() => this.dataSource.query('select 1')), check(() => this.redis.ping())]);
    let worker: Check = { status: 'unknown' };
    if (redis.status === 'up') {
      const beat = Number(await this.redis.get(WORKER_HEARTBEAT_KEY).catch(() => null));
      // Real time, not the Clock tests move: the worker writes its heartbeat with Date.now().
      worker = !beat
        ? { status: 'unknown', detail: 'no heartbeat yet' }
        : Date.now() - beat > WORKER_STALE_AFTER_MS
          ? { status: 'stale', detail: `last heartbeat ${new Date(beat).toISOString()}` }
          : { status: 'up' };
    }
    const ok = postgres.status === 'up' && redis.status === 'up';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: { postgres, redis, worker } };
  }
}
