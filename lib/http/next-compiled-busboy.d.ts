// Next.js ships busboy compiled, without its types: what lib/http/refuse-malformed-server-action.ts uses of it.
declare module 'next/dist/compiled/busboy' {
  import type { Readable, Writable } from 'node:stream';

  type FieldInfo = { nameTruncated: boolean; valueTruncated: boolean; encoding: string; mimeType: string };
  type FileInfo = { filename: string | undefined; encoding: string; mimeType: string };

  interface Busboy extends Writable {
    // busboy names a part without a name (or with an empty one) undefined.
    on(event: 'field', listener: (name: string | undefined, value: string, info: FieldInfo) => void): this;
    on(event: 'file', listener: (name: string | undefined, stream: Readable, info: FileInfo) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export default function busboy(config: { headers: Record<string, string>; defParamCharset?: string; limits?: Record<string, number> }): Busboy;
}
