import { createLazyRoute } from '@tanstack/react-router';
import { AuditLogPage } from './audit-log-page';

export const Route = createLazyRoute('/console/audit-log')({ component: AuditLogPage });
