/** migrate lint moved to src/lint (one file per rule family); this path keeps its first callers working. */
export * from '../lint';
