/**
 * The git index: read (versions 2, 3, 4) and write (2, or 3 with extended flags).
 * See read.ts and write.ts; checkout.ts builds entries from stat data.
 */
export { parseCacheTree, serializeCacheTree } from "./tree-extension.ts";
export { indexEntryAt, indexOidAt, parseIndex, parseIndexTable, readIndexFile, readIndexTable } from "./read.ts";
export type { CacheTreeNode, GitIndex, IndexEntry, IndexExtension, IndexTable, StatData } from "./types.ts";
export { EntryFlag, STAT_WORDS, StatWord } from "./types.ts";
export { statDataFrom, statDataMatches } from "./stat.ts";
export { compareEntries, serializeIndex, writeIndexFile } from "./write.ts";
export { IndexFormatError } from "./errors.ts";
