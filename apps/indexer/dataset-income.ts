/**
 * Income per dataset member, derived without touching every member on every payment (a dataset may have 10,000): the
 * dataset keeps what one pool unit has earned since it opened (`incomePerUnit`, scaled by INCOME_PER_UNIT_SCALE, up to
 * `accruedAt`, growing by poolFlowRate / total units per second); a member keeps what it had earned when its units last
 * changed (`incomeAtSync`, at `incomePerUnitAtSync`). Shared by the indexer's handlers and the pages (pure, no I/O).
 */
export const INCOME_PER_UNIT_SCALE = 10n ** 18n;

export interface DatasetAccrual {
  poolFlowRate: bigint;
  memberUnits: bigint;
  curatorUnits: bigint;
  incomePerUnit: bigint;
  totalIncome: bigint;
  accruedAt: bigint;
}

export interface MemberAccrual {
  units: bigint;
  incomeAtSync: bigint;
  incomePerUnitAtSync: bigint;
}

/** The dataset's income per unit and total paid in, carried forward to `now` (seconds) at its pool flow rate. */
export function accrueDataset<T extends DatasetAccrual>(d: T, now: bigint): T {
  const units = d.memberUnits + d.curatorUnits;
  const elapsed = now > d.accruedAt ? now - d.accruedAt : 0n;
  if (elapsed === 0n || d.poolFlowRate === 0n || units === 0n)
    return { ...d, accruedAt: now > d.accruedAt ? now : d.accruedAt };
  const streamed = d.poolFlowRate * elapsed;
  return {
    ...d,
    incomePerUnit: d.incomePerUnit + (streamed * INCOME_PER_UNIT_SCALE) / units,
    totalIncome: d.totalIncome + streamed,
    accruedAt: now,
  };
}

/** Adds an instant distribution of `amount` to the dataset's income per unit. */
export function distributeInstant<T extends DatasetAccrual>(d: T, amount: bigint): T {
  const units = d.memberUnits + d.curatorUnits;
  if (units === 0n) return d;
  return {
    ...d,
    incomePerUnit: d.incomePerUnit + (amount * INCOME_PER_UNIT_SCALE) / units,
    totalIncome: d.totalIncome + amount,
  };
}

/** What a member has earned from the dataset once its accrual is at `incomePerUnit`. */
export function memberIncome(m: MemberAccrual, incomePerUnit: bigint): bigint {
  return m.incomeAtSync + (m.units * (incomePerUnit - m.incomePerUnitAtSync)) / INCOME_PER_UNIT_SCALE;
}

/** A member's income per second now: its share of the pool's flow by units. */
export function memberFlowRate(m: Pick<MemberAccrual, "units">, d: DatasetAccrual): bigint {
  const units = d.memberUnits + d.curatorUnits;
  return units === 0n ? 0n : (d.poolFlowRate * m.units) / units;
}
