import { useEffect, useState } from 'react';

/**
 * The value as it was `ms` after its last change (a search box's text, a filter being built): what
 * a query should follow so that it does not fire at every keystroke. `value` is compared by identity,
 * so pass a primitive or a memoised object.
 */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
