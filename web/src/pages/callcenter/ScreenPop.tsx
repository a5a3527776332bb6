/**
 * 呼叫中心弹屏 in the header: for a login with a CTI extension, the listener and its call drawer
 * (ScreenPopListener.tsx), loaded on demand so that its forms stay out of every other user's first load.
 */
import { lazy, Suspense } from 'react';
import { useMyExtension } from './callcenterApi';

const ScreenPopListener = lazy(() => import('./ScreenPopListener'));

export function ScreenPop() {
  const extension = useMyExtension().data?.extension ?? null;
  return extension ? (
    <Suspense fallback={null}>
      <ScreenPopListener extension={extension} />
    </Suspense>
  ) : null;
}
