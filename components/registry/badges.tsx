// Stage and alias badges, the same everywhere a version appears.
import { stageLabel, type Stage } from './format';

export function StageBadge({ stage }: { stage: Stage }) {
  return <span className={`badge stage-${stage.toLowerCase()}`}>{stageLabel(stage)}</span>;
}

export function AliasBadge({ alias, protectedAlias }: { alias: string; protectedAlias?: boolean }) {
  return (
    <span className="badge alias" title={protectedAlias ? 'Protected: only admins move it' : undefined}>
      @{alias}
      {protectedAlias ? ' 🔒' : ''}
    </span>
  );
}
