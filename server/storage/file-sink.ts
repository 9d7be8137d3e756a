import { close, open, write } from 'node:fs';
import { Writable } from 'node:stream';

/**
 * A file written one chunk per write(2), in order. Node's fs.WriteStream hands the chunks queued
 * behind a write to writev(2) together, which copied four to ten times slower than the same bytes
 * in separate writes on the ext4 disk the benchmarks ran on (docs/PERFORMANCE.md, backup): archives
 * and uploads are written through this instead. Resolves once the file is open.
 */
export function openFileSink(file: string, options: { flags: string; mode: number }): Promise<Writable> {
  return new Promise((resolve, reject) => {
    open(file, options.flags, options.mode, (err, fd) => {
      if (err) return reject(err);
      let closed = false;
      const closeOnce = (done: (err?: Error | null) => void) => {
        if (closed) return done();
        closed = true;
        close(fd, done);
      };
      const writeAll = (chunk: Buffer, offset: number, done: (err?: Error | null) => void) => {
        write(fd, chunk, offset, chunk.length - offset, null, (err, n) => {
          if (err) return done(err);
          if (offset + n < chunk.length) return writeAll(chunk, offset + n, done);
          done();
        });
      };
      resolve(
        new Writable({
          highWaterMark: 4 * 1024 * 1024,
          write: (chunk: Buffer, _encoding, done) => writeAll(chunk, 0, done),
          final: closeOnce,
          destroy: (error, done) => closeOnce(() => done(error)),
        }),
      );
    });
  });
}
