/** The slave-bgsave model's constants. */
export type SlaveBgsaveConstants = {
  readonly pikaVersion: string;
  readonly entries: number;
  readonly keys: number;
  readonly offsetSource: string;
  readonly crashes: number;
  readonly resumeFrom: string;
};

/** Values of `offsetSource`: what the slave's bgsave records as its offset. */
export const OFFSET_SOURCES = ['binlog', 'applied', 'drain'] as const;
/** Values of `resumeFrom`: where a restarted slave asks the master to resume. */
export const RESUME_FROM = ['binlog', 'applied', 'applied+dedupe'] as const;

