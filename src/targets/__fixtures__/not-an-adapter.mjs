// A module that exports something, but not an adapter.
export const answer = 42;
