/** How `EarlyStopping` and `ReduceLROnPlateau` read `mode`: `'auto'` maximizes accuracies and AUCs. */
export type MonitorMode = 'auto' | 'min' | 'max';

export function isMaximized(monitor: string, mode: MonitorMode): boolean {
  if (mode === 'max') return true;
  if (mode === 'min') return false;
  const name = monitor.startsWith('val_') ? monitor.slice(4) : monitor;
  return name.includes('acc') || name === 'auc' || name.startsWith('auc_');
}
