// A friendly name for runs created without one ("brave-otter-417"), as MLflow clients
// expect every run to have a name.
import { randomInt } from 'node:crypto';

const adjectives = [
  'amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'crisp', 'dapper', 'eager', 'fleet',
  'gentle', 'glad', 'grand', 'honest', 'jolly', 'keen', 'lively', 'lucid', 'merry', 'nimble',
  'patient', 'polite', 'proud', 'quick', 'quiet', 'rare', 'sharp', 'shy', 'silent', 'sleek',
  'smooth', 'stately', 'steady', 'sunny', 'swift', 'tidy', 'upbeat', 'vivid', 'warm', 'wise',
];
const nouns = [
  'ant', 'badger', 'bat', 'bear', 'bee', 'bison', 'crane', 'crow', 'deer', 'dove',
  'eagle', 'eel', 'finch', 'fox', 'frog', 'gull', 'hare', 'hawk', 'heron', 'ibis',
  'jay', 'koala', 'lark', 'lynx', 'mole', 'moth', 'newt', 'otter', 'owl', 'panda',
  'robin', 'seal', 'shrew', 'snail', 'sparrow', 'swan', 'toad', 'trout', 'whale', 'wren',
];

export function generateRunName(): string {
  return `${adjectives[randomInt(adjectives.length)]}-${nouns[randomInt(nouns.length)]}-${randomInt(1000)}`;
}
