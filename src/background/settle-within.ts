/** `task`'s outcome when it settles within `ms`; `{ settled: false }` after `ms` otherwise. A rejection passes through. */
export async function settleWithin<T>(task: Promise<T>, ms: number): Promise<{ readonly settled: true; readonly value: T } | { readonly settled: false }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ readonly settled: false }>((resolve) => {
    timer = setTimeout(() => {
      resolve({ settled: false });
    }, ms);
  });
  try {
    return await Promise.race([task.then((value) => ({ settled: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
