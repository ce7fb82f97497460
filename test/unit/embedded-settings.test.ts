import { serverMallocTunables } from '../../src/embedded';

/** The malloc settings the embedded server starts with (src/embedded/index.ts). */
describe('serverMallocTunables', () => {
  it('keeps freed memory in the server processes when the caller set nothing', () => {
    expect(serverMallocTunables(undefined)).toBe('glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824');
    expect(serverMallocTunables('')).toBe('glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824');
  });

  it("keeps the caller's tunables and their values, and adds only the ones they did not set", () => {
    expect(serverMallocTunables('glibc.malloc.trim_threshold=0:glibc.malloc.arena_max=2')).toBe(
      'glibc.malloc.trim_threshold=0:glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=33554432',
    );
    expect(serverMallocTunables('glibc.malloc.mmap_threshold=65536:glibc.malloc.trim_threshold=65536')).toBe(
      'glibc.malloc.mmap_threshold=65536:glibc.malloc.trim_threshold=65536',
    );
  });
});
