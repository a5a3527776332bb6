/**
 * What the server is doing while it starts: main.ts moves it through the stages while the demo
 * brokerage is built in the background; the API gate (startup.routes.ts) and GET /api/status read it.
 */
import { estimateSecondsLeft, recentSecondsPerDay, type StartupStage } from './startup.rules.js';

export interface StartupProgress {
  ready: boolean;
  stage: StartupStage;
  daysImported: number;
  daysTotal: number;
  secondsElapsed: number;
  /** null while there is no pace to estimate from */
  secondsLeft: number | null;
}

export class StartupState {
  private stage: StartupStage;
  private readonly dayImportedAt: number[] = [];
  private daysTotal = 0;
  private buildStartedAt: number;
  private readonly startedAt: number;
  private stageStartedAt: number;

  /** `now` in milliseconds (tests fix it). */
  constructor(
    stage: StartupStage = 'PREPARING',
    private readonly now: () => number = Date.now,
  ) {
    this.stage = stage;
    this.startedAt = now();
    this.stageStartedAt = this.startedAt;
    this.buildStartedAt = this.startedAt;
  }

  get ready(): boolean {
    return this.stage === 'READY';
  }

  /** Enters `stage`; `daysTotal` is given when the day import is planned. */
  enter(stage: StartupStage, daysTotal?: number): void {
    this.stage = stage;
    this.stageStartedAt = this.now();
    if (daysTotal !== undefined) this.daysTotal = daysTotal;
    if (stage === 'GENERATING') this.buildStartedAt = this.stageStartedAt;
  }

  dayImported(): void {
    this.dayImportedAt.push(this.now());
    if (this.stage === 'GENERATING') this.enter('IMPORTING');
  }

  progress(): StartupProgress {
    const now = this.now();
    const daysImported = this.dayImportedAt.length;
    const secondsLeft = estimateSecondsLeft({
      stage: this.stage,
      daysImported,
      daysTotal: this.daysTotal,
      secondsPerDay: recentSecondsPerDay(this.buildStartedAt, this.dayImportedAt),
      secondsInStage: Math.floor((now - this.stageStartedAt) / 1000),
    });
    return {
      ready: this.ready,
      stage: this.stage,
      daysImported,
      daysTotal: this.daysTotal,
      secondsElapsed: Math.floor((now - this.startedAt) / 1000),
      secondsLeft,
    };
  }
}
