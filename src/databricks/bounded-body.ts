/** A body too large to read: the answer is refused, not read whole. */
export class AnswerTooLargeError extends Error {
  /** The bound, in bytes. */
  readonly limit: number;

  constructor(limit: number) {
    super(`answer larger than ${limit} bytes; refused without reading it whole`);
    this.limit = limit;
  }
}

/**
 * The text of an HTTP body of at most `limit` bytes. A `content-length` above it is refused
 * before a byte is read; a body that grows past it is cut off there and its stream
 * destroyed, so a huge answer never sits in memory.
 */
export async function boundedText(
  body: AsyncIterable<Uint8Array> & { destroy(error?: Error): unknown },
  contentLength: string | undefined,
  limit: number,
): Promise<string> {
  if (contentLength !== undefined && Number(contentLength) > limit) {
    body.destroy();
    throw new AnswerTooLargeError(limit);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) {
      body.destroy();
      throw new AnswerTooLargeError(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
