/**
 * The CronJob schedule cases of Kubernetes' own tests, ported table-driven
 * against the model's pure functions (src/cluster/components/controllers/cronjob.ts).
 * Source: pkg/controller/cronjob/utils_test.go (release-1.31): TestMostRecentScheduleTime,
 * TestNextScheduleTime, TestNextScheduleTimeDuration; all times are relative to upstream's
 * topOfTheHour() = 2016-05-19T10:00:00Z (a Thursday).
 */
import { describe, expect, it } from 'vitest';
import { jobNameFor, mostRecentScheduleTime, scheduledTimestamp, nextScheduleTime, parseSchedule, type MissedSchedules } from '../../src/cluster/components/controllers/cronjob.ts';
import type { Cron } from 'croner';
import { EPOCH_MS } from '../../src/cluster/core/object.ts';
import { kubeEvents, run } from './helpers.ts';

const TOP = Date.parse('2016-05-19T10:00:00Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
/** deltaTimeAfterTopOfTheHour(d) */
const at = (d: number): number => TOP + d;

function cron(schedule: string): Cron {
  const p = parseSchedule(schedule);
  if (!p.ok) throw new Error(`test setup: ${schedule}: ${p.error}`);
  return p.cron;
}

interface Case {
  name: string;
  schedule: string;
  creation: number;
  lastSchedule?: number;
  startingDeadlineSeconds?: number;
  /** upstream includeStartingDeadlineSeconds */
  includeSDS?: boolean;
  now: number;
  earliest?: number;
  recent: number | undefined;
  missed?: MissedSchedules;
  wantErr?: boolean;
  /** why the model cannot pass this case (it.fails) */
  diverges?: string;
}

// TestMostRecentScheduleTime
const mostRecentCases: Case[] = [
  { name: 'now before next schedule', schedule: '0 * * * *', creation: TOP, now: at(30 * S), recent: undefined, earliest: TOP },
  { name: 'now just after next schedule', schedule: '0 * * * *', creation: TOP, now: at(61 * M), recent: at(60 * M), earliest: TOP },
  { name: 'missed 5 schedules', schedule: '0 * * * *', creation: at(10 * S), now: at(301 * M), recent: at(300 * M), earliest: at(10 * S), missed: 'few' },
  { name: 'complex schedule', schedule: '30 6-16/4 * * 1-5', creation: TOP, lastSchedule: at(30 * M), now: at(24 * H + 31 * M), recent: at(24 * H + 30 * M), earliest: at(30 * M), missed: 'few' },
  // Upstream's estimate overshoots here: no most recent time although times were missed.
  { name: 'another complex schedule', schedule: '30 10,11,12 * * 1-5', creation: TOP, lastSchedule: at(30 * M), now: at(30 * H + 30 * M), recent: undefined, earliest: at(30 * M), missed: 'few' },
  { name: 'complex schedule with longer diff between executions', schedule: '30 6-16/4 * * 1-5', creation: TOP, lastSchedule: at(30 * M), now: at(96 * H + 31 * M), recent: at(96 * H + 30 * M), earliest: at(30 * M), missed: 'few' },
  { name: 'complex schedule with shorter diff between executions', schedule: '30 6-16/4 * * 1-5', creation: TOP, now: at(24 * H + 31 * M), recent: at(24 * H + 30 * M), earliest: TOP, missed: 'few' },
  {
    name: '@every schedule', schedule: '@every 1h', creation: at(-59 * M), lastSchedule: at(1 * M), startingDeadlineSeconds: 10, now: at(7 * 24 * H), recent: at(6 * 24 * H + 23 * H + 1 * M), earliest: at(1 * M), missed: 'many',
    diverges: 'the model does not parse @every (parseSchedule rejects it: "@every is not modelled")',
  },
  { name: 'rogue cronjob', schedule: '59 23 31 2 *', creation: at(10 * S), now: at(1 * H), recent: undefined, wantErr: true },
  { name: 'earliestTime being CreationTimestamp and LastScheduleTime', schedule: '0 * * * *', creation: TOP, lastSchedule: TOP, now: at(30 * S), earliest: TOP, recent: undefined },
  { name: 'earliestTime being LastScheduleTime', schedule: '*/5 * * * *', creation: TOP, lastSchedule: at(30 * M), now: at(31 * M), earliest: at(30 * M), recent: undefined },
  { name: 'earliestTime being LastScheduleTime (within StartingDeadlineSeconds)', schedule: '*/5 * * * *', creation: TOP, lastSchedule: at(30 * M), startingDeadlineSeconds: 60, now: at(31 * M), earliest: at(30 * M), recent: undefined },
  { name: 'earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)', schedule: '*/5 * * * *', creation: TOP, lastSchedule: at(30 * M), startingDeadlineSeconds: 60, includeSDS: true, now: at(32 * M), earliest: at(31 * M), recent: undefined },
];

describe('TestMostRecentScheduleTime (utils_test.go, release-1.31)', () => {
  for (const c of mostRecentCases) {
    (c.diverges ? it.fails : it)(c.name, () => {
      const r = mostRecentScheduleTime(cron(c.schedule), c.lastSchedule ?? c.creation, c.now, c.includeSDS ? c.startingDeadlineSeconds : undefined);
      if (c.wantErr) {
        expect(r.error).toBeDefined();
        return;
      }
      expect(r.error).toBeUndefined();
      expect(r.earliestMs).toBe(c.earliest);
      expect(r.mostRecentMs).toBe(c.recent);
      expect(r.missed).toBe(c.missed ?? 'none');
    });
  }
});

// TestNextScheduleTime: schedule "0 * * * ?" (hourly), T1 = top of the hour, T2 = T1 + 1h.
const T1 = TOP;
const T2 = at(1 * H);
const nextCases: Case[] = [
  { name: 'Case 1: no known start times, and none needed yet', schedule: '0 * * * *', creation: T1 - 10 * M, now: T1 - 7 * M, recent: undefined },
  { name: 'Case 2: no known start times, and one needed', schedule: '0 * * * *', creation: T1 - 10 * M, now: T1 + 2 * S, recent: T1 },
  { name: 'Case 3: known LastScheduleTime, no start needed', schedule: '0 * * * *', creation: T1 - 10 * M, lastSchedule: T1, now: T1 + 2 * M, recent: undefined },
  { name: 'Case 4: known LastScheduleTime, a start needed', schedule: '0 * * * *', creation: T1 - 10 * M, lastSchedule: T1, now: T2 + 5 * M, recent: T2 },
  { name: 'Case 5: known LastScheduleTime, two starts needed', schedule: '0 * * * *', creation: T1 - 2 * H, lastSchedule: T1 - 1 * H, now: T2 + 5 * M, recent: T2 },
  // Upstream only asserts a non-nil time (and records TooManyMissedTimes); the exact values follow from the algorithm.
  { name: 'Case 6: now is way way ahead of last start time, and there is no deadline', schedule: '0 * * * *', creation: T1 - 2 * H, lastSchedule: T1 - 1 * H, now: T2 + 10 * 24 * H, recent: T2 + 10 * 24 * H, missed: 'many' },
  { name: 'Case 7: now is way way ahead of last start time, but there is a short deadline', schedule: '0 * * * *', creation: T1 - 2 * H, lastSchedule: T1 - 1 * H, startingDeadlineSeconds: 2 * 60 * 60, now: T2 + 10 * 24 * H, recent: T2 + 10 * 24 * H, missed: 'few' },
  { name: 'Case 8: ensure the error from mostRecentScheduleTime gets populated up', schedule: '59 23 31 2 *', creation: T1 + 10 * S, now: at(1 * H), recent: undefined, wantErr: true },
];

describe('TestNextScheduleTime (utils_test.go, release-1.31)', () => {
  for (const c of nextCases) {
    it(c.name, () => {
      const r = nextScheduleTime(cron(c.schedule), c.lastSchedule ?? c.creation, c.now, c.startingDeadlineSeconds);
      expect(r.scheduledMs).toBe(c.recent);
      expect(r.error !== undefined).toBe(c.wantErr ?? false);
      expect(r.tooManyMissed).toBe(c.missed === 'many');
    });
  }
});

// TestNextScheduleTimeDuration: how long until the controller requeues. Upstream adds
// nextScheduleDelta (100 ms, NTP skew padding) to schedule.Next(mostRecent); the model's
// wake-up timer (CronJobController.wakeAtNext) fires at cron.nextRun(now) exactly, so the
// expectations below are upstream's minus nextScheduleDelta.
const durationCases: { name: string; schedule: string; lastSchedule?: number; now: number; want: number }[] = [
  { name: 'complex schedule skipping weekend', schedule: '30 6-16/4 * * 1-5', lastSchedule: at(30 * M), now: at(24 * H + 31 * M), want: 3 * H + 59 * M },
  { name: 'another complex schedule skipping weekend', schedule: '30 10,11,12 * * 1-5', lastSchedule: at(30 * M), now: at(30 * H + 30 * M), want: 66 * H },
  { name: 'once a week cronjob, missed two runs', schedule: '0 12 * * 4', lastSchedule: at(2 * H), now: at(19 * 24 * H + 1 * H + 30 * M), want: 48 * H + 30 * M },
  { name: 'no previous run of a cronjob', schedule: '0 12 * * 5', now: at(6 * H), want: 20 * H },
];

describe('TestNextScheduleTimeDuration (utils_test.go, release-1.31), without nextScheduleDelta', () => {
  for (const c of durationCases) {
    it(c.name, () => {
      const next = cron(c.schedule).nextRun(new Date(c.now));
      expect(next).not.toBeNull();
      expect((next?.getTime() ?? 0) - c.now).toBe(c.want);
    });
  }
});

// TestGetJobFromTemplate2: the cronjob-scheduled-timestamp annotation is the scheduled time in
// spec.timeZone, RFC 3339; the Job name is "<cronjob>-<minutes since the epoch>" (getJobName).
const templateCases: { name: string; timeZone: string | undefined; want: string }[] = [
  { name: 'UTC timezone and one annotation', timeZone: 'UTC', want: '2016-05-19T10:00:00Z' },
  { name: 'nil timezone and one annotation', timeZone: undefined, want: '2016-05-19T10:00:00Z' },
  { name: 'correct timezone and multiple annotation', timeZone: 'Europe/Rome', want: '2016-05-19T12:00:00+02:00' },
];

describe('TestGetJobFromTemplate2 (utils_test.go, release-1.31)', () => {
  for (const c of templateCases) {
    it(c.name, () => {
      expect(scheduledTimestamp(TOP, c.timeZone)).toBe(c.want);
      expect(jobNameFor('mycronjob', TOP)).toBe(`mycronjob-${TOP / 60_000}`);
    });
  }
  it('a zone at a zero offset is written with "Z", as Go\'s RFC 3339 layout does', () => {
    expect(scheduledTimestamp(Date.parse('2016-01-19T10:00:00Z'), 'Europe/London')).toBe('2016-01-19T10:00:00Z');
    expect(scheduledTimestamp(Date.parse('2016-01-19T10:00:00Z'), 'America/New_York')).toBe('2016-01-19T05:00:00-05:00');
  });
});

// The controller uses nextScheduleTime (syncCronJob, cronjob_controllerv2.go 1.31).
function cronJobScenario(schedule: string): string {
  const cj = (suspend: boolean) => `    apiVersion: batch/v1
    kind: CronJob
    metadata: { name: tick }
    spec:
      schedule: "${schedule}"
      suspend: ${suspend}
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{ name: c, image: busybox:1.36, command: [sleep, "5"] }]
`;
  return `kubescene: v1
name: cron-missed
title: CronJob missed times
seed: 0
cluster:
  nodes:
    - { name: worker-1, images: ["busybox:1.36"] }
files:
  suspended.yaml:
${cj(true)}  resumed.yaml:
${cj(false)}steps:
  - kubectl: apply -f suspended.yaml
  - advance: 2h
  - kubectl: apply -f resumed.yaml
  - advance: 10s
`;
}

describe('syncCronJob with nextScheduleTime (cronjob_controllerv2.go, release-1.31)', () => {
  it('resumed after 120 missed minutes: starts only the most recent time and records TooManyMissedTimes', () => {
    const t = run(cronJobScenario('* * * * *'));
    // The second apply: the first kubectl request after the 2 h pause.
    const resumedAt = t.events.find((e) => e.from === 'kubectl' && e.t >= 2 * H)?.t;
    expect(resumedAt).toBeDefined();
    // The most recent scheduled minute at (or before) the resume, not the 101st missed one.
    const want = jobNameFor('tick', Math.floor((EPOCH_MS + (resumedAt ?? 0)) / 60_000) * 60_000);
    expect(kubeEvents(t, 'SuccessfulCreate').filter((m) => m.startsWith('Created job tick-'))).toEqual([`Created job ${want}`]);
    expect(kubeEvents(t, 'TooManyMissedTimes')).toEqual(['too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew']);
  });

  it('a schedule that never fires (Feb 31st) records InvalidSchedule and starts nothing', () => {
    const t = run(cronJobScenario('59 23 31 2 *'));
    expect(kubeEvents(t, 'InvalidSchedule')).toContain('invalid schedule: 59 23 31 2 * : time difference between two schedules is less than 1 second');
    expect(kubeEvents(t, 'SuccessfulCreate').filter((m) => m.startsWith('Created job tick-'))).toEqual([]);
  });
});
