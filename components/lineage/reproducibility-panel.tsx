// The reproducibility report on run and model version pages: each item present, partial or
// missing, with what to log to fix it (pressure test 8 at a glance).
import styles from './reproducibility.module.css';

export type ReproducibilityReport = {
  complete: boolean;
  missing: number;
  items: { key: string; label: string; status: 'PRESENT' | 'PARTIAL' | 'MISSING' | 'NOT_APPLICABLE'; detail: string; fix: string | null }[];
};

const MARK: Record<string, string> = { PRESENT: '✓', PARTIAL: '!', MISSING: '✗', NOT_APPLICABLE: '–' };

export function ReproducibilityPanel({ report, subject }: { report: ReproducibilityReport; subject: string }) {
  return (
    <section aria-label="Reproducibility">
      <p className={report.complete ? styles.complete : styles.incomplete} role="status">
        {report.complete ? `Everything needed to reproduce this ${subject} was logged.` : `${report.missing} of ${report.items.filter((i) => i.status !== 'NOT_APPLICABLE').length} things needed to reproduce this ${subject} are missing or incomplete.`}
      </p>
      <ul className={styles.items}>
        {report.items.map((item) => (
          <li key={item.key} className={styles[item.status]} data-status={item.status}>
            <span className={styles.mark} aria-hidden>
              {MARK[item.status]}
            </span>
            <div>
              <strong>{item.label}</strong> <span className="muted">{item.detail}</span>
              {item.fix && <div className={styles.fix}>To fix: {item.fix}</div>}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
