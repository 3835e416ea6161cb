import { createLazyRoute } from '@tanstack/react-router';
import { SignInPage } from './sign-in-page';

export const Route = createLazyRoute('/sign-in')({ component: SignInPage });
