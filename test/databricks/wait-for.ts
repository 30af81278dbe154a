/** Polls `probe` every few milliseconds until it returns a value, failing after `limitMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, limitMs = 5000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
