// The matcher lives in common/ so the engine's go-to search ranks the same way.
export * from '../../common/fuzzy-match.ts';
