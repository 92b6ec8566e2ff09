import type { CapturedFlow } from '../core/flow/apply-capture-event.ts';
import { extensionApi } from '../messaging/extension-api.ts';
import { decideBadge } from './decide-badge.ts';

export async function updateBadge(flows: readonly CapturedFlow[]): Promise<void> {
  const badge = decideBadge(flows);
  const action = extensionApi().action;
  await Promise.all([action.setBadgeBackgroundColor({ color: badge.color }), action.setBadgeText({ text: badge.text }), action.setTitle({ title: badge.title })]);
}
