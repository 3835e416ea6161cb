import { createLazyRoute } from '@tanstack/react-router';
import { SetPasswordPage } from './set-password-page';

export const Route = createLazyRoute('/set-password')({ component: SetPasswordPage });
