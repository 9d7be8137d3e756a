import { describe, expect, it } from 'vitest';
import { contentDisposition } from './content-disposition.ts';

describe('contentDisposition', () => {
  it('keeps a plain name as it is', () => {
    expect(contentDisposition('inline', 'a-1.jpg')).toBe(
      `inline; filename="a-1.jpg"; filename*=UTF-8''a-1.jpg`,
    );
  });
  it('never lets a quote, a backslash or non-ASCII text into the quoted name', () => {
    const header = contentDisposition('attachment', 'Ünï "q" 😀\\x.pdf');
    expect(header).toMatch(
      /^attachment; filename="[\x20-\x21\x23-\x5b\x5d-\x7e]+"; filename\*=UTF-8''[\x21-\x7e]+$/,
    );
    expect(decodeURIComponent(header.split("UTF-8''")[1] ?? '')).toBe('Ünï "q" 😀\\x.pdf');
  });
});
