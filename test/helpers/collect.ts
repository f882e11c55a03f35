// Every item of an async iterator (Array.fromAsync is newer than the type check's lib).
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
